package io.github.vaults4j;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The vaults of one Fuse root folder, laid out as Python's {@code set_root_path(root)} does: a vault named
 * {@code N} is the file {@code root/vaults/N.db}.
 *
 * <pre>{@code
 * Vaults fuse = Vaults.at(Path.of("/srv/fuse"));
 * try (Vault commons = fuse.open("commons")) {
 *     System.out.println(commons.keySet());
 * }
 * System.out.println(fuse.names());       // [commons, remote_runnables_repositories, ...]
 * }</pre>
 */
public final class Vaults {
    private static final String SUFFIX = ".db";

    private final Path folder;
    /** Given to every vault opened here whose options name no registry of their own; {@code null} for none. */
    private final Object meterRegistry;

    private Vaults(Path folder, Object meterRegistry) {
        this.folder = folder;
        this.meterRegistry = meterRegistry;
    }

    /**
     * These vaults with their meters in a Micrometer {@code MeterRegistry} (typed {@code Object}, as
     * {@link VaultOptions#meterRegistry()} explains): every vault opened through the result registers its meters
     * there unless its own options name another registry.
     */
    public Vaults meterRegistry(Object registry) {
        return new Vaults(folder, VaultOptions.builder().meterRegistry(registry).build().meterRegistry().orElse(null));
    }

    /** The vaults under {@code root/vaults/}; nothing is created until a vault is opened. */
    public static Vaults at(Path root) {
        return new Vaults(Objects.requireNonNull(root, "root").toAbsolutePath().normalize().resolve("vaults"), null);
    }

    /** The folder that holds the vault files: {@code root/vaults}. */
    public Path folder() {
        return folder;
    }

    /** The file of the vault with this name. */
    public Path file(String name) {
        if (name.isEmpty() || name.contains("/") || name.contains("\\") || name.indexOf('\0') >= 0
                || name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("not a vault name (it must name a file inside " + folder + "): '" + name + "'");
        }
        return folder.resolve(name + SUFFIX);
    }

    /** Opens (creating when missing) the named vault with default options. */
    public Vault open(String name) {
        return open(name, VaultOptions.defaults());
    }

    /** Opens the named vault. */
    public Vault open(String name, VaultOptions options) {
        boolean inherits = meterRegistry != null && options.meterRegistry().isEmpty();
        return Vault.open(file(name), inherits ? options.toBuilder().meterRegistry(meterRegistry).build() : options);
    }

    /** The names of the vaults in the folder, sorted; empty when the folder does not exist. */
    public List<String> names() {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "*" + SUFFIX)) {
            for (Path file : files) {
                if (Files.isRegularFile(file)) {
                    String fileName = file.getFileName().toString();
                    names.add(fileName.substring(0, fileName.length() - SUFFIX.length()));
                }
            }
        } catch (IOException e) {
            throw new VaultException("cannot list vaults in " + folder + ": " + e.getMessage(), e);
        }
        Collections.sort(names);
        return names;
    }

    /**
     * Deletes the named vault's file (and a leftover journal). Close the vault's instances first.
     *
     * @return whether a file was deleted
     */
    public boolean delete(String name) {
        return deleteFiles(file(name));
    }

    /** Deletes a vault file and the journal files SQLite may have left beside it. */
    static boolean deleteFiles(Path file) {
        try {
            boolean deleted = Files.deleteIfExists(file);
            for (String suffix : new String[] {"-journal", "-wal", "-shm"}) {
                Files.deleteIfExists(Path.of(file + suffix));
            }
            return deleted;
        } catch (IOException e) {
            throw new VaultException("vault " + file + ": cannot delete: " + e.getMessage(), e);
        }
    }
}
