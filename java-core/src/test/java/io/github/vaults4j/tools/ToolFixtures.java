package io.github.vaults4j.tools;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.vaults4j.storage.Row;
import io.github.vaults4j.rows.RowCursor;
import io.github.vaults4j.rows.Stores;
import io.github.vaults4j.storage.Store;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** The compat fixtures, copied before use, and the CPython peer that checks files as the Python module reads them. */
final class ToolFixtures {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final String PYTHON = "/usr/bin/python3";

    private ToolFixtures() {
    }

    static Path repo() {
        String repo = System.getProperty("vaults4j.repo");
        return Path.of(repo == null ? ".." : repo).toAbsolutePath().normalize();
    }

    static Path fixtures() {
        return repo().resolve("compat-fixtures");
    }

    /** The fixture file, or a skipped test when it is genuinely absent. */
    static Path fixture(String relative) {
        Path file = fixtures().resolve(relative);
        assumeTrue(Files.isRegularFile(file), "fixture " + file + " is absent");
        return file;
    }

    /** Copies a fixture into the folder (the originals are never opened for writing). */
    static Path copy(String relative, Path folder) throws IOException {
        Path source = fixture(relative);
        Path target = folder.resolve(source.getFileName());
        Files.copy(source, target);
        return target;
    }

    /** Copies the fixture Fuse root into the folder and returns the copy. */
    static Path copyFuseRoot(Path folder) throws IOException {
        Path source = fixtures().resolve("vaults/fuse-root/vaults");
        assumeTrue(Files.isDirectory(source), "fixture folder " + source + " is absent");
        Path root = folder.resolve("fuse-root");
        Files.createDirectories(root.resolve("vaults"));
        try (var files = Files.list(source)) {
            for (Path file : files.toList()) {
                Files.copy(file, root.resolve("vaults").resolve(file.getFileName()));
            }
        }
        return root;
    }

    static List<JsonNode> expected(String relative) throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(fixture(relative), StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                lines.add(JSON.readTree(line));
            }
        }
        return lines;
    }

    /** Writes the expected lines whose rowid is not in {@code without} to a file, for {@code peer.py check}. */
    static Path expectedWithout(String relative, Set<Long> without, Path folder) throws IOException {
        List<String> kept = new ArrayList<>();
        for (JsonNode line : expected(relative)) {
            if (!without.contains(line.path("rowid").asLong(-1))) {
                kept.add(JSON.writeValueAsString(line));
            }
        }
        Path file = folder.resolve("expected-" + System.nanoTime() + ".jsonl");
        Files.write(file, kept, StandardCharsets.UTF_8);
        return file;
    }

    static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /** Every row of a vault file, read raw. */
    static List<Row> rows(Path file) {
        try (Store store = Stores.readOnly(file)) {
            return store.readTransaction(c -> {
                List<Row> rows = new ArrayList<>();
                RowCursor.over(c, true).forEachRemaining(rows::add);
                return rows;
            });
        }
    }

    static String tableSql(Path file) {
        try (Store store = Stores.readOnly(file)) {
            return store.table().createSql();
        }
    }

    /** The outcome of a peer process: its exit code and output. */
    record PeerResult(int exitCode, String output) {
    }

    /** Runs {@code peer.py} with the given arguments; {@code noMsgpack} imitates a Python without msgpack. */
    static PeerResult peer(boolean noMsgpack, String... args) throws IOException, InterruptedException {
        return peer(noMsgpack ? Map.of("VAULTS_REF_NO_MSGPACK", "1") : Map.of(), args);
    }

    /** Runs {@code peer.py} with extra environment variables, such as {@code VAULTS_REF_PICKLE_PROTOCOL}. */
    static PeerResult peer(Map<String, String> env, String... args) throws IOException, InterruptedException {
        Process process = startPeer(env, args);
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assumeTrue(process.waitFor(120, TimeUnit.SECONDS), "peer did not finish");
        return new PeerResult(process.exitValue(), out);
    }

    static Process startPeer(boolean noMsgpack, String... args) throws IOException {
        return startPeer(noMsgpack ? Map.of("VAULTS_REF_NO_MSGPACK", "1") : Map.of(), args);
    }

    static Process startPeer(Map<String, String> extraEnv, String... args) throws IOException {
        assumeTrue(Files.isExecutable(Path.of(PYTHON)), PYTHON + " is absent");
        Path peer = fixture("peer.py");
        List<String> command = new ArrayList<>(List.of(PYTHON, peer.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(extraEnv);
        return builder.start();
    }
}
