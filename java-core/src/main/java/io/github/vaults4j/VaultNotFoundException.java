package io.github.vaults4j;

/** The vault file does not exist and {@link VaultOptions.Builder#create(boolean) create(false)} was asked for. */
public class VaultNotFoundException extends VaultException {
    private static final long serialVersionUID = 1L;

    public VaultNotFoundException(String message) {
        super(message);
    }
}
