package io.github.vaults4j.cli;

import io.github.vaults4j.Vault;
import io.github.vaults4j.VaultOptions;
import io.github.vaults4j.crypto.DataKeys;
import io.github.vaults4j.crypto.EncryptedVault;
import io.github.vaults4j.crypto.FernetKey;
import io.github.vaults4j.crypto.MasterKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code vaults rekey VAULT --key-file OLD --new-key-file NEW}: re-encrypts every value of an encrypted vault
 * under a new key in one transaction. Keys come from files or the environment, never from the command line,
 * where other users could read them in the process list and they would stay in the shell's history.
 */
@Command(name = "rekey", mixinStandardHelpOptions = true, footer = ExitCodes.HELP,
        description = {"Re-encrypt every value of an encrypted vault under a new key, in one transaction.",
                       "The keys are Fernet keys (the Python EncryptedVault's) by default; with --gcm, they are the"
                       + " master keys of a Java-only GCM vault, whose data key is re-wrapped without rewriting any value.",
                       "Old keys: --key-file (repeatable) or the environment variable " + RekeyCommand.KEY_VARIABLE + ".",
                       "New key: --new-key-file or the environment variable " + RekeyCommand.NEW_KEY_VARIABLE + ".",
                       "A value no old key opens stops the command; nothing is written."})
final class RekeyCommand extends ToolCommand {
    /** The environment variable holding the current key (several Fernet keys separated by commas). */
    static final String KEY_VARIABLE = "VAULTS4J_KEY";
    /** The environment variable holding the new key, when no --new-key-file is given. */
    static final String NEW_KEY_VARIABLE = "VAULTS4J_NEW_KEY";
    private static final String KEY_SEPARATOR = ",";

    /** Where environment variables come from; tests replace it. */
    static UnaryOperator<String> environment = System::getenv;

    @Parameters(index = "0", paramLabel = "VAULT", description = "The vault file.")
    Path vault;

    @Option(names = "--key-file", paramLabel = "OLD",
            description = "A file holding a current key (repeat for several; any of them may open a value).")
    List<Path> keyFiles = new ArrayList<>();

    @Option(names = "--new-key-file", paramLabel = "NEW", description = "A file holding the new key.")
    Path newKeyFile;

    @Option(names = "--gcm", description = "The vault is in GCM mode: the keys are master keys.")
    boolean gcm;

    @Override
    int execute() throws IOException {
        List<String> oldKeys = oldKeys();
        String newKey = newKey();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("vault", vault.toAbsolutePath());
        try (Vault v = Vault.open(vault, VaultOptions.builder().create(false).build())) {
            if (gcm) {
                if (oldKeys.size() != 1) {
                    throw usage("--gcm takes one current master key, not " + oldKeys.size());
                }
                DataKeys.rewrap(v, parseMaster(oldKeys.get(0), "the current key"), parseMaster(newKey, "the new key"));
                result.put("mode", "gcm");
                result.put("values", 0);
            } else {
                List<FernetKey> keys = new ArrayList<>();
                keys.add(parseFernet(newKey, "the new key"));
                for (String key : oldKeys) {
                    keys.add(parseFernet(key, "a current key"));
                }
                result.put("mode", "fernet");
                result.put("values", EncryptedVault.fernet(v, keys).rotate());
            }
        }
        if (json) {
            printJson(result);
        } else {
            out().println(gcm ? "rekey: re-wrapped the data key of " + vault + "; no value rewritten"
                    : "rekey: re-encrypted " + result.get("values") + " values of " + vault);
            out().flush();
        }
        return ExitCodes.OK;
    }

    private List<String> oldKeys() throws IOException {
        List<String> keys = new ArrayList<>();
        for (Path file : keyFiles) {
            keys.add(read(file));
        }
        if (keys.isEmpty()) {
            String fromEnvironment = environment.apply(KEY_VARIABLE);
            if (fromEnvironment == null || fromEnvironment.isBlank()) {
                throw usage("no current key: give --key-file OLD or set " + KEY_VARIABLE);
            }
            for (String key : fromEnvironment.split(KEY_SEPARATOR)) {
                if (!key.isBlank()) {
                    keys.add(key);
                }
            }
        }
        return keys;
    }

    private String newKey() throws IOException {
        if (newKeyFile != null) {
            return read(newKeyFile);
        }
        String fromEnvironment = environment.apply(NEW_KEY_VARIABLE);
        if (fromEnvironment == null || fromEnvironment.isBlank()) {
            throw usage("no new key: give --new-key-file NEW or set " + NEW_KEY_VARIABLE);
        }
        return fromEnvironment;
    }

    private String read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw usage("no key file " + file);
        }
        return Files.readString(file, StandardCharsets.US_ASCII).strip();
    }

    private FernetKey parseFernet(String text, String which) {
        try {
            return FernetKey.parse(text);
        } catch (IllegalArgumentException e) {
            throw usage(which + " is not usable: " + e.getMessage());
        }
    }

    private MasterKey parseMaster(String text, String which) {
        try {
            return MasterKey.parse(text);
        } catch (IllegalArgumentException e) {
            throw usage(which + " is not usable: " + e.getMessage());
        }
    }
}
