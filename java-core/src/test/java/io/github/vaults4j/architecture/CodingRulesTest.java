package io.github.vaults4j.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.vaults4j.testing.RepoFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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

    /**
     * The optional dependencies, each named (imported) by its one place only: a class elsewhere that imports one
     * would fail to load for a user who does not have it (Micrometer and the PostgreSQL driver and pool are
     * {@code optional} in the core's pom and {@code requires static} in its descriptor).
     */
    private static final Map<Pattern, String> OPTIONAL_DEPENDENCY_HOMES = Map.of(
            Pattern.compile("(?m)^import (static )?io\\.micrometer\\."), "io/github/vaults4j/metrics/MicrometerVaultMetrics.java",
            Pattern.compile("(?m)^import (static )?(org\\.postgresql|com\\.zaxxer\\.hikari)\\."), "io/github/vaults4j/storage/postgres/");

    @Test
    void optionalDependenciesAreImportedOnlyWhereTheyLive() {
        for (Map.Entry<Pattern, String> rule : OPTIONAL_DEPENDENCY_HOMES.entrySet()) {
            List<String> offenders = mainSources()
                    .filter(file -> rule.getKey().matcher(read(file)).find())
                    .map(file -> file.toString().replace('\\', '/'))
                    .filter(file -> !file.contains("/java-core/src/main/java/" + rule.getValue()))
                    .toList();
            assertEquals(List.of(), offenders, "only " + rule.getValue() + " may import what " + rule.getKey()
                    + " names: the dependency is optional");
        }
    }

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
