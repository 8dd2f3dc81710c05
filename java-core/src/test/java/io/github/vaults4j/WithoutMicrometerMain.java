package io.github.vaults4j;

import io.github.vaults4j.tools.ExportFormat;
import io.github.vaults4j.tools.Progress;
import io.github.vaults4j.tools.VaultTools;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Run in a JVM whose class path lacks Micrometer: uses a vault in every instrumented way and runs tools on it
 * (their runs are timed when Micrometer is present), then checks that a
 * registry given without Micrometer is refused with a message that names the artifact. Prints {@value #DONE}.
 */
final class WithoutMicrometerMain {
    static final String DONE = "used a vault without Micrometer";

    private WithoutMicrometerMain() {
    }

    public static void main(String[] args) throws Exception {
        try (Vault vault = Vaults.at(Path.of(args[0])).open("plain")) {
            vault.put("a", 1L);
            vault.set("b", 2L);
            vault.putMany(java.util.Map.of("c", 3L));
            vault.get("a");
            vault.getMany(List.of("a", "x"));
            vault.remove("b");
            vault.transaction(v -> v.put("d", 4L));
            new ArrayList<>(vault.entrySet());
        }
        Path file = Vaults.at(Path.of(args[0])).file("plain");
        if (!VaultTools.check(file, Progress.NONE).ok()) {
            throw new AssertionError("check failed on " + file);
        }
        VaultTools.backup(file, file.resolveSibling("plain-backup.db"), Progress.NONE);
        VaultTools.export(file, new ByteArrayOutputStream(), ExportFormat.LOSSLESS, false, Progress.NONE);
        try {
            Class.forName("io.micrometer.core.instrument.MeterRegistry");
            throw new AssertionError("Micrometer is on this class path");
        } catch (ClassNotFoundException expected) {
            // as the test asked
        }
        try {
            VaultOptions.builder().meterRegistry(new Object()).build();
            throw new AssertionError("a registry was accepted without Micrometer");
        } catch (IllegalArgumentException expected) {
            if (!expected.getMessage().contains("io.micrometer:micrometer-core")) {
                throw new AssertionError("the message does not name the artifact: " + expected.getMessage());
            }
        }
        System.out.println(DONE);
    }
}
