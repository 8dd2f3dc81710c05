package io.github.vaults4j.tools;

import io.github.vaults4j.Format;

/**
 * What {@link VaultTools#migrate} rewrites a vault into.
 *
 * @param target   {@link Format#MSGPACK} (what vaults 2.x writes with msgpack installed) or {@link Format#PICKLE}
 *                 (without msgpack)
 * @param protocol the pickle protocol of the Python that will read the vault: 4 for Python 3.8 to 3.13, 5 for
 *                 3.14 and later; used for pickled keys and for values rewritten as pickle
 * @param dryRun   plan and report only; the file is opened read-only and nothing is written
 */
public record MigrationOptions(Format target, int protocol, boolean dryRun) {

    public MigrationOptions {
        if (target != Format.MSGPACK && target != Format.PICKLE) {
            throw new IllegalArgumentException("a vault migrates to MSGPACK or PICKLE, not " + target);
        }
        Format.requirePickleProtocol(protocol);
    }

    /** Migrate to msgpack for Python 3.8 to 3.13. */
    public static MigrationOptions toMsgpack() {
        return new MigrationOptions(Format.MSGPACK, 4, false);
    }

    /** Migrate to pickle of the given protocol. */
    public static MigrationOptions toPickle(int protocol) {
        return new MigrationOptions(Format.PICKLE, protocol, false);
    }

    /** The same migration, planned only. */
    public MigrationOptions asDryRun() {
        return new MigrationOptions(target, protocol, true);
    }
}
