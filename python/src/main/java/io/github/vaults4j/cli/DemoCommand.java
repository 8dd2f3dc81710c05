package io.github.vaults4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.vaults4j.Vault;
import io.github.vaults4j.Vaults;
import io.github.vaults4j.codec.Values;
import io.github.vaults4j.python.VaultsPython;
import io.github.vaults4j.tools.MigrationOptions;
import io.github.vaults4j.tools.MigrationReport;
import io.github.vaults4j.tools.Progress;
import io.github.vaults4j.tools.VaultTools;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.graalvm.polyglot.Context;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code vaults demo}: the main job on a built-in example. Fuse vault files written by CPython are read from
 * Java, a value written from Java is read back by CPython and by GraalPy, and a generation 1 file is read
 * and migrated. Each step prints what it did; the exit code is 0 only when every step checked out.
 */
@Command(name = "demo", description = "Run the main job on a built-in example of Fuse vaults.")
public final class DemoCommand implements Callable<Integer> {
    /** The CPython that runs the project's model of the Python module; the system property is for tests. */
    private static final String PYTHON_PROPERTY = "vaults4j.python";
    private static final String DEFAULT_PYTHON = "/usr/bin/python3";
    private static final String INSTALL = "apt-get install python3 python3-msgpack";
    /** How long one CPython lookup may take before it is killed and counted as failed. */
    private static final long CPYTHON_TIMEOUT_SECONDS = 60;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--root", paramLabel = "DIR",
            description = "Fuse root to create the example in (default: a new temporary folder).")
    Path root;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private PrintWriter out;
    private String python;
    private int failures;
    private int notRun;

    @Override
    public Integer call() throws Exception {
        out = spec.commandLine().getOut();
        python = System.getProperty(PYTHON_PROPERTY, DEFAULT_PYTHON);
        Path repo = Repository.root();
        Path fixtures = repo.resolve("compat-fixtures/vaults");
        if (root == null) {
            root = Files.createTempDirectory("vaults4j-demo");
        }
        Path folder = Files.createDirectories(root.resolve("vaults"));

        step("1. Fuse's vaults, as CPython wrote them, copied to " + folder);
        try (Stream<Path> files = Files.list(fixtures.resolve("fuse-root/vaults"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".db")).sorted().toList()) {
                Files.copy(file, folder.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Vaults vaults = Vaults.at(root);
        out.printf("   %-32s %6s  %-10s  %s%n", "vault", "rows", "generation", "writes as");
        for (String name : vaults.names()) {
            try (Vault vault = vaults.open(name)) {
                out.printf("   %-32s %6d  %-10d  %s%n", name, vault.count(), vault.generation(),
                        vault.format() + " (pickle protocol " + vault.pickleProtocol() + ")");
            }
        }

        step("2. Java reads a Fuse record and writes one back");
        Path commons = vaults.file("commons");
        try (Vault vault = vaults.open("commons")) {
            Map.Entry<Object, Object> first = vault.entrySet().iterator().next();
            out.println("   read   " + Values.shortRepr(first.getKey()) + " = " + Values.shortRepr(first.getValue()));
            Map<Object, Object> record = new LinkedHashMap<>();
            record.put("written_by", "vaults4j");
            record.put("at", LocalDateTime.now().withNano(0).toString());
            record.put("ports", List.of(8080L, 8443L));
            vault.put("demo", record);
            out.println("   wrote  'demo' = " + Values.shortRepr(record));
        }

        step("3. CPython (" + python + ", msgpack) reads what Java wrote");
        runCPython(repo, commons, JSON.writeValueAsString("demo"));

        step("4. GraalPy runs unchanged `from vaults import Vault` code on the same file");
        try (Context python = VaultsPython.newContext()) {
            String code = "from vaults import Vault, set_root_path\n"
                    + "set_root_path(" + pythonString(root.toString()) + ")\n"
                    + "v = Vault('commons')\n"
                    + "record = v.get('demo')\n"
                    + "assert isinstance(record, dict) and record['ports'] == [8080, 8443], record\n"
                    + "v['visits'] = v.get('visits', 0) + 1\n"
                    + "f'{v!r}: demo = {record}'\n";
            out.println("   " + python.eval("python", code).asString());
        }

        step("5. A generation 1 file (vaults 1.x, raw pickle), which vaults 2.x cannot read, migrated");
        Path legacy = folder.resolve("legacy.db");
        Files.copy(fixtures.resolve("gen1_legacy.db"), legacy, StandardCopyOption.REPLACE_EXISTING);
        Object firstKey;
        try (Vault vault = Vault.open(legacy)) {
            firstKey = vault.keySet().iterator().next();
            out.printf("   Java reads it: generation %d, %d rows, first key %s%n", vault.generation(), vault.count(),
                    Values.shortRepr(firstKey));
        }
        MigrationReport report = VaultTools.migrate(legacy, MigrationOptions.toMsgpack(), Progress.NONE);
        out.printf("   migrated to msgpack: %d rows verified equal, %d values kept as pickle, backup %s%n",
                report.verifiedRows(), report.valuesKeptPickle(), report.backup().getFileName());
        if (firstKey instanceof String key) {
            out.println("   CPython with vaults 2.x now finds " + Values.shortRepr(key) + ":");
            runCPython(repo, legacy, JSON.writeValueAsString(key));   // a str in typed JSON is a JSON string
        }

        out.println();
        if (failures == 0 && notRun == 0) {
            out.println("All steps passed. The example vaults are in " + folder);
            return ExitCodes.OK;
        }
        if (failures > 0) {
            out.println(failures + " step(s) failed.");
        }
        if (notRun > 0) {
            out.println(notRun + " step(s) could not run: " + python + " is missing (" + INSTALL + ").");
        }
        return ExitCodes.PROBLEMS;
    }

    private void step(String title) {
        out.println();
        out.println(title);
        out.flush();
    }

    /**
     * Looks a key (typed JSON) up through compat-fixtures/peer.py, the project's CPython model of the vaults
     * module. A missing interpreter is a step that could not run, which fails the demo as a failed step does.
     */
    private void runCPython(Path repo, Path file, String typedKey) throws IOException, InterruptedException {
        if (!Files.isExecutable(Path.of(python))) {
            notRun++;
            out.println("   COULD NOT RUN: " + python + " is not installed (" + INSTALL + ")");
            return;
        }
        List<String> command = new ArrayList<>(List.of(python,
                repo.resolve("compat-fixtures/peer.py").toString(), "get", file.toString(), typedKey));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        // Read on another thread, so that a peer that hangs is killed at the time-out instead of hanging the demo.
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                return "(output lost: " + e.getMessage() + ")";
            }
        });
        boolean finished = process.waitFor(CPYTHON_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (!finished) {
            process.destroyForcibly().waitFor(CPYTHON_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
        String text = output.completeOnTimeout("", CPYTHON_TIMEOUT_SECONDS, TimeUnit.SECONDS).join();
        if (finished && process.exitValue() == 0 && text.contains("\"found\": true")) {
            out.println("   " + text);
        } else {
            failures++;
            out.println("   FAILED" + (finished ? "" : " (no answer in " + CPYTHON_TIMEOUT_SECONDS + " s)") + ": " + text);
        }
    }

    private static String pythonString(String text) {
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
