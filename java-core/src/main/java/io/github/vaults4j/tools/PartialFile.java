package io.github.vaults4j.tools;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A file that tools write under a temporary name beside its final one and move into place only once it is
 * complete: a backup, a migration's {@code .bak} or an export that fails (a full disk, a killed process)
 * leaves no empty or half-written file under the name the user asked for, and a rerun is not refused.
 *
 * <p>The temporary name starts with a dot and ends in {@link #SUFFIX}, so it is never taken for a vault.
 * Closing without {@link #publish()} removes it (and the journal SQLite may have made beside it).
 */
public final class PartialFile implements AutoCloseable {
    /** The suffix of the temporary name. */
    public static final String SUFFIX = ".partial";
    private static final String JOURNAL_SUFFIX = "-journal";

    private final Path target;
    private final Path partial;
    private boolean published;

    private PartialFile(Path target, Path partial) {
        this.target = target;
        this.partial = partial;
    }

    /**
     * Creates the empty temporary file in the target's folder (creating the folder).
     *
     * @throws FileAlreadyExistsException when the target exists
     * @throws IOException                with a message in words when the folder cannot be written
     */
    public static PartialFile beside(Path target) throws IOException {
        Path absolute = target.toAbsolutePath().normalize();
        if (Files.exists(absolute, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new FileAlreadyExistsException(absolute.toString(), null, "already exists");
        }
        return create(absolute);
    }

    /** Creates the empty temporary file of a target that may exist, for {@link #publishReplacing()}. */
    public static PartialFile besideReplacing(Path target) throws IOException {
        return create(target.toAbsolutePath().normalize());
    }

    private static PartialFile create(Path absolute) throws IOException {
        Path folder = absolute.getParent();
        try {
            Files.createDirectories(folder);
            return new PartialFile(absolute, Files.createTempFile(folder, "." + absolute.getFileName() + ".", SUFFIX));
        } catch (IOException e) {
            throw new IOException(describe(e, folder), e);
        }
    }

    /** Where to write. */
    public Path path() {
        return partial;
    }

    /** The final name. */
    public Path target() {
        return target;
    }

    /**
     * Moves the complete file to its final name, never over a file that appeared there meanwhile.
     *
     * @throws FileAlreadyExistsException when the target exists by now
     */
    public void publish() throws IOException {
        try {
            // A hard link fails when the target exists: the move cannot replace a file someone else made.
            Files.createLink(target, partial);
            Files.delete(partial);
        } catch (UnsupportedOperationException | FileSystemException e) {
            if (e instanceof FileAlreadyExistsException exists) {
                throw exists;
            }
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
        }
        published = true;
    }

    /** Moves the complete file to its final name in one rename, replacing a file that is there. */
    public void publishReplacing() throws IOException {
        Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        published = true;
    }

    /** Removes the temporary file unless it was published. */
    @Override
    public void close() {
        if (!published) {
            try {
                Files.deleteIfExists(partial);
                Files.deleteIfExists(Path.of(partial + JOURNAL_SUFFIX));
            } catch (IOException ignored) {
                // The failure being reported matters more; a leftover .partial is never read as a vault.
            }
        }
    }

    /** What went wrong with a file, in words: disk full, permission denied, a folder where a file was expected. */
    public static String describe(IOException e, Path file) {
        String reason = e instanceof FileSystemException fs && fs.getReason() != null ? fs.getReason() : e.getMessage();
        if (reason != null && reason.contains("No space left on device")) {
            return "disk full while writing " + file;
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied: " + file;
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or folder: " + file;
        }
        if (e instanceof FileAlreadyExistsException) {
            return file + " already exists";
        }
        return file + ": " + (reason != null ? reason : e.toString());
    }
}
