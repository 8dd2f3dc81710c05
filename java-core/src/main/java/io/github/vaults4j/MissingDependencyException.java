package io.github.vaults4j;

/**
 * A feature needs a library that the core declares as an optional dependency, and the application does not
 * have it on its class path. {@link #artifact()} is the Maven {@code groupId:artifactId} to add.
 */
public class MissingDependencyException extends VaultException {
    private static final long serialVersionUID = 1L;

    private final String artifact;

    public MissingDependencyException(String artifact, String feature, Throwable cause) {
        super(feature + " need " + artifact + ", which is not on the class path: add " + artifact
                + " to your dependencies", cause);
        this.artifact = artifact;
    }

    /** The missing library's Maven coordinates, {@code groupId:artifactId}. */
    public String artifact() {
        return artifact;
    }
}
