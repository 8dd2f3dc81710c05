package io.github.vaults4j.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import io.github.vaults4j.VaultException;
import io.github.vaults4j.codec.CodecException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * What every vault command shares: {@code --json}, the output streams of its command line (so tests capture
 * them), and the mapping of errors to {@link ExitCodes}: a vault error prints one line naming file, key and row
 * and exits with {@link ExitCodes#VAULT_ERROR}, never a stack trace.
 */
abstract class ToolCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new SimpleModule().addSerializer(Path.class, ToStringSerializer.instance)
                    .addSerializer(Instant.class, ToStringSerializer.instance))
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

    @Option(names = "--json", description = "Machine output: JSON on standard output.")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The command's work; returns an exit code. */
    abstract int execute() throws IOException;

    @Override
    public final Integer call() {
        try {
            return execute();
        } catch (CommandLine.ParameterException e) {
            throw e;
        } catch (VaultException | CodecException e) {
            err().println(spec.qualifiedName() + ": " + e.getMessage());
            return ExitCodes.VAULT_ERROR;
        } catch (IOException | UncheckedIOException e) {
            err().println(spec.qualifiedName() + ": " + e.getMessage());
            return ExitCodes.VAULT_ERROR;
        } catch (RuntimeException e) {
            // Not a vault error the core foresaw: still one line and a code scripts know, not picocli's 1
            // (which means "problems found" here).
            err().println(spec.qualifiedName() + ": unexpected error: " + e);
            return ExitCodes.VAULT_ERROR;
        }
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** Prints a result (a record, a list of records, a map) as JSON on standard output. */
    void printJson(Object result) throws IOException {
        JSON.writeValue(out(), result);
        out().println();
        out().flush();
    }

    static ObjectMapper mapper() {
        return JSON;
    }

    /** A record as a JSON object with one more member, for derived values such as {@code ok}. */
    static ObjectNode withField(Object record, String name, Object value) {
        ObjectNode node = JSON.valueToTree(record);
        node.set(name, JSON.valueToTree(value));
        return node;
    }

    /** A usage error: picocli prints it with the command's usage and exits with {@link ExitCodes#USAGE}. */
    CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    /** A progress bar on standard error when it is a terminal and the output is for people. */
    ProgressBars progress() {
        return new ProgressBars(!json && System.console() != null);
    }
}
