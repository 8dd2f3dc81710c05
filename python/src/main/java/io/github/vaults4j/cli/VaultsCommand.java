package io.github.vaults4j.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code vaults} command. Each subcommand is a class of its own, listed in {@code subcommands}; this
 * class only dispatches.
 *
 * <pre>
 * bin/vaults demo
 * bin/vaults python script.py arg1 arg2
 * bin/vaults python -c "import vaults; print(vaults.Vault('commons'))"
 * </pre>
 */
@Command(name = "vaults",
        mixinStandardHelpOptions = true,
        versionProvider = VaultsCommand.Version.class,
        description = "Fuse vault files on the JVM.",
        subcommands = {
            PythonCommand.class,
            LsCommand.class,
            KeysCommand.class,
            GetCommand.class,
            PutCommand.class,
            DelCommand.class,
            DumpCommand.class,
            StatsCommand.class,
            LogCommand.class,
            CheckCommand.class,
            BackupCommand.class,
            CopyCommand.class,
            HealthCommand.class,
            ExportCommand.class,
            ImportCommand.class,
            MigrateCommand.class,
            RekeyCommand.class,
            ExpireCommand.class,
            DemoCommand.class,
            CommandLine.HelpCommand.class,
        })
public final class VaultsCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Runs the command line and exits with its exit code. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new VaultsCommand()).execute(args));
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required");
    }

    /** The version recorded in the jar's manifest, when there is one. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = VaultsCommand.class.getPackage().getImplementationVersion();
            return new String[] {"vaults4j " + (v == null ? "(development build)" : v)};
        }
    }
}
