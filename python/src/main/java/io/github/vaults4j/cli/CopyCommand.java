package io.github.vaults4j.cli;

import io.github.vaults4j.Vaults;
import io.github.vaults4j.storage.postgres.PostgresAddress;
import io.github.vaults4j.tools.CopyResult;
import io.github.vaults4j.tools.VaultAddress;
import io.github.vaults4j.tools.VaultTools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code vaults copy SRC DST}: vaults cell for cell between files, root folders and PostgreSQL roots. */
@Command(name = "copy", mixinStandardHelpOptions = true, footer = ExitCodes.HELP,
        description = {"Copy vaults cell for cell between vault files, Fuse root folders and PostgreSQL roots.",
                       "Each side is a vault file, a root folder, or postgresql://[user[:password]@]host[:port]/database"
                       + "[?schema=NAME]; a vault of a root is named with --vault NAME or, for an address, #NAME"
                       + " at its end.",
                       "Without a vault name, a root is copied whole: every vault of SRC into the root DST.",
                       "Each vault is copied in one transaction on the target: all of it or nothing. An existing"
                       + " target vault is refused unless --replace."})
final class CopyCommand extends ToolCommand {
    @Parameters(index = "0", paramLabel = "SRC", description = "A vault file, a root folder or a postgresql:// address.")
    String source;

    @Parameters(index = "1", paramLabel = "DST", description = "A vault file, a root folder or a postgresql:// address.")
    String target;

    @Option(names = "--vault", paramLabel = "NAME", description = "The vault to copy when SRC is a root (and its name in DST).")
    String vault;

    @Option(names = "--replace", description = "Overwrite target vaults that exist.")
    boolean replace;

    @Override
    int execute() throws IOException {
        List<Map<String, Object>> results = new ArrayList<>();
        for (String name : vaultNames()) {
            VaultAddress from = address(source, name, null);
            VaultAddress to = address(target, name, from.vault());
            CopyResult result;
            try (ProgressBars progress = progress()) {
                result = VaultTools.copy(from, to, replace, progress);
            }
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("source", result.source().toString());
            line.put("target", result.target().toString());
            line.put("rows", result.rows());
            line.put("replaced", result.replaced());
            results.add(line);
            if (!json) {
                out().println(result.source() + " -> " + result.target() + ": " + result.rows() + " rows"
                        + (result.replaced() ? " (replaced)" : ""));
                out().flush();
            }
        }
        if (json) {
            printJson(results);
        }
        return ExitCodes.OK;
    }

    /** The vault named, or every vault of a source root given without one (null: the side names its own vault). */
    private List<String> vaultNames() throws IOException {
        if (vault != null) {
            return List.of(vault);
        }
        if (!VaultAddress.isRoot(source)) {
            return Arrays.asList((String) null);
        }
        if (!PostgresAddress.isAddress(target)) {
            // A whole root goes into a root folder, made when missing.
            Files.createDirectories(Path.of(target));
        }
        try (Vaults root = root(source)) {
            return root.names();
        }
    }

    private Vaults root(String text) {
        try {
            return Vaults.at(text);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    private VaultAddress address(String text, String name, String otherName) {
        try {
            return VaultAddress.parse(text, name, otherName);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }
}
