package io.github.vaults4j.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * One CPython process running {@code codec_peer.py}, asked one JSON line at a time. The system interpreter
 * is used because it is the one with msgpack 1.0.3 installed.
 */
final class CPythonPeer implements AutoCloseable {
    static final String PYTHON = System.getProperty("vaults4j.python", "/usr/bin/python3");
    // Escaped non-ASCII keeps unpaired surrogates intact on the way to Python and back.
    // Deeply nested test values need more than Jackson's default nesting limits.
    private static final ObjectMapper JSON = new ObjectMapper(com.fasterxml.jackson.core.JsonFactory.builder()
            .streamWriteConstraints(com.fasterxml.jackson.core.StreamWriteConstraints.builder()
                    .maxNestingDepth(10_000).build())
            .streamReadConstraints(com.fasterxml.jackson.core.StreamReadConstraints.builder()
                    .maxNestingDepth(10_000).build())
            .build())
            .enable(com.fasterxml.jackson.core.json.JsonWriteFeature.ESCAPE_NON_ASCII.mappedFeature());

    private final Process process;
    private final BufferedWriter in;
    private final BufferedReader out;
    private final Path dir;

    CPythonPeer() throws IOException {
        dir = Files.createTempDirectory("codec-peer");
        for (String script : new String[] {"codec_peer.py", "fixture_classes.py"}) {
            try (InputStream s = CPythonPeer.class.getResourceAsStream("/" + script)) {
                Files.copy(s, dir.resolve(script));
            }
        }
        process = new ProcessBuilder(PYTHON, "-u", dir.resolve("codec_peer.py").toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        in = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
        out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    JsonNode ask(ObjectNode request) throws IOException {
        in.write(JSON.writeValueAsString(request));
        in.write('\n');
        in.flush();
        String line = out.readLine();
        if (line == null) {
            throw new IOException("CPython peer exited");
        }
        JsonNode reply = JSON.readTree(line);
        if (reply.has("error")) {
            throw new IllegalStateException("CPython peer: " + reply.get("error").asText() + " for " + request);
        }
        return reply;
    }

    JsonNode encode(JsonNode typedValue) throws IOException {
        ObjectNode r = JSON.createObjectNode().put("op", "encode");
        r.set("value", typedValue);
        return ask(r);
    }

    JsonNode fixture(String name) throws IOException {
        return ask(JSON.createObjectNode().put("op", "fixture").put("name", name));
    }

    byte[] repickle(byte[] pickle) throws IOException {
        JsonNode r = ask(JSON.createObjectNode().put("op", "repickle").put("pickle", hex(pickle)));
        return unhex(r.get("pickle").asText());
    }

    static String hex(byte[] b) {
        return java.util.HexFormat.of().formatHex(b);
    }

    static byte[] unhex(String s) {
        return java.util.HexFormat.of().parseHex(s);
    }

    @Override
    public void close() throws IOException {
        in.close();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) {
                Files.deleteIfExists(p);
            }
        }
        Files.deleteIfExists(dir);
    }
}
