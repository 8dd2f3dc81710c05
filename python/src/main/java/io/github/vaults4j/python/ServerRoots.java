package io.github.vaults4j.python;

import io.github.vaults4j.Vaults;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The PostgreSQL roots that Python's {@code set_root_path("postgresql://...")} names, one {@link Vaults} (so one
 * connection pool) per address for the whole JVM: every {@code Vault(name)} of every context borrows from it,
 * where opening a pool per vault would cost a login each and leave pools behind. The pools live as long as the
 * JVM (HikariCP's threads are daemons); a root whose server cannot be reached is not kept, so the next call
 * tries again.
 */
final class ServerRoots {
    private static final Map<String, Vaults> ROOTS = new ConcurrentHashMap<>();

    private ServerRoots() {
    }

    /**
     * The root of an address, opened on first use.
     *
     * @throws io.github.vaults4j.VaultException when the server cannot be reached or refuses the login
     * @throws IllegalArgumentException          when the address is malformed (the message has no password)
     */
    static Vaults of(String address) {
        return ROOTS.computeIfAbsent(address, Vaults::at);
    }
}
