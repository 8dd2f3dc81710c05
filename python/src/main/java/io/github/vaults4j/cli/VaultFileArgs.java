package io.github.vaults4j.cli;

import io.github.vaults4j.tools.VaultTools;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Expands the paths of a command line (vault files, Fuse roots, vaults/ folders) into vault files. */
final class VaultFileArgs {
    private VaultFileArgs() {
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
