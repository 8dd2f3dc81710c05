package io.github.vaults4j.cli;

import io.github.vaults4j.tools.VaultAddress;
import io.github.vaults4j.tools.VaultTools;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Expands the paths of a command line (vault files, Fuse roots, vaults/ folders, PostgreSQL roots and vaults) into
 * vaults.
 */
final class VaultFileArgs {
    private VaultFileArgs() {
    }

    /** The vaults the arguments name: files, folders and {@code postgresql://} roots or {@code #NAME} vaults. */
    static List<VaultAddress> vaults(List<String> args) {
        List<VaultAddress> vaults = new ArrayList<>();
        for (String arg : args) {
            vaults.addAll(VaultTools.vaults(arg));
        }
        return vaults;
    }

    static List<Path> expand(List<Path> paths) {
        List<Path> files = new ArrayList<>();
        for (Path path : paths) {
            files.addAll(VaultTools.vaultFiles(path));
        }
        return files;
    }

    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        double value = bytes;
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format("%.1f %s", value, units[unit]);
    }
}
