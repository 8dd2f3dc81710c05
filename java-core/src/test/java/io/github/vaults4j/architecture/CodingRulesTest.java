package io.github.vaults4j.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.vaults4j.testing.RepoFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Rules of the code base that review would otherwise have to remember, checked over the main sources. */
class CodingRulesTest {
    /** The codec's entry points: the only places that turn a stack overflow into the codec's own failure. */
    private static final List<String> STACK_OVERFLOW_HANDLERS = List.of(
            "io/github/vaults4j/codec/PickleReader.java", "io/github/vaults4j/codec/PickleWriter.java",
            "io/github/vaults4j/codec/MsgpackReader.java", "io/github/vaults4j/codec/MsgpackWriter.java");
    private static final Pattern CATCHES_STACK_OVERFLOW = Pattern.compile("catch\\s*\\([^)]*StackOverflowError");

    @Test
    void onlyTheCodecsEntryPointsCatchStackOverflowError() {
        List<String> offenders = mainSources()
                .filter(file -> CATCHES_STACK_OVERFLOW.matcher(read(file)).find())
                .map(file -> file.toString().replace('\\', '/'))
                .filter(file -> STACK_OVERFLOW_HANDLERS.stream().noneMatch(file::endsWith))
                .toList();
        assertEquals(List.of(), offenders, "walkers are iterative; a stack overflow is the codec's to handle");
    }

    private static Stream<Path> mainSources() {
        Path root = RepoFiles.root();
        try {
            return Stream.of("java-core", "python").flatMap(module -> {
                try (Stream<Path> files = Files.walk(root.resolve(module).resolve("src/main/java"))) {
                    return files.filter(f -> f.toString().endsWith(".java")).toList().stream();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw new AssertionError("cannot read the sources under " + root, e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
