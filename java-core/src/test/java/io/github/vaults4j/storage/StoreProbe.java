package io.github.vaults4j.storage;

import java.sql.SQLException;
import org.sqlite.ProgressHandler;

/** Lets tests outside storage watch what SQLite does for a store, without storage handing out JDBC. */
public final class StoreProbe {
    private StoreProbe() {
    }

    /**
     * Calls {@code step} for every SQLite virtual-machine instruction run on the connection that the store lends
     * next (with {@code maxConnections(1)}, its only one).
     */
    public static void onEveryInstruction(Store store, Runnable step) {
        store.read(session -> {
            try {
                ProgressHandler.setHandler(((StoreConnection) session).jdbcConnection(), 1, new ProgressHandler() {
                    @Override
                    protected int progress() {
                        step.run();
                        return 0;   // go on
                    }
                });
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
            return null;
        });
    }
}
