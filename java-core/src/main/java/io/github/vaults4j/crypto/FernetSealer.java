package io.github.vaults4j.crypto;

import java.util.List;

/** Values as the design notes' Python class stores them: a Fernet token over the pickle, the first key encrypting. */
final class FernetSealer implements ValueSealer {
    private final MultiFernet fernet;

    FernetSealer(List<FernetKey> keys) {
        this.fernet = new MultiFernet(keys);
    }

    @Override
    public byte[] seal(Object key, byte[] pickle) {
        return fernet.encrypt(pickle);
    }

    @Override
    public byte[] open(Object key, byte[] sealed) {
        return fernet.decrypt(sealed);
    }

    @Override
    public byte[] reseal(Object key, byte[] sealed) {
        return fernet.rotate(sealed);
    }

    @Override
    public String describe() {
        int count = fernet.keys().size();
        return "Fernet, " + count + (count == 1 ? " key" : " keys");
    }
}
