package io.github.vaults4j.crypto;

import io.github.vaults4j.Vault;
import io.github.vaults4j.VaultException;
import io.github.vaults4j.VaultReadOnlyException;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.Key;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The wrapped data key of a GCM vault, kept in a side table of the vault's own SQLite file:
 *
 * <pre>
 * CREATE TABLE IF NOT EXISTS vaults4j_data_keys (id INTEGER PRIMARY KEY CHECK (id = 1),
 *                                                master_key_id TEXT NOT NULL, wrapped BLOB NOT NULL)
 * </pre>
 *
 * One row: the vault's AES-256 data key wrapped with the master key by AES key wrap (RFC 3394, the JDK's
 * {@code AESWrap}). The table travels with the file (copies, backups, {@code vaults migrate}), Python's module
 * never reads it (it reads table {@code dict} only), and rotating the master key rewrites this one row and no
 * value. This class talks to the file through its own JDBC connection, apart from the vault's store, so it only
 * works for vaults in SQLite files.
 */
public final class DataKeyTable {
    /** The side table's name. */
    public static final String TABLE = "vaults4j_data_keys";
    private static final int DATA_KEY_BYTES = 32;
    private static final String WRAP = "AESWrap";
    private static final String CREATE = "CREATE TABLE IF NOT EXISTS " + TABLE
            + " (id INTEGER PRIMARY KEY CHECK (id = 1), master_key_id TEXT NOT NULL, wrapped BLOB NOT NULL)";

    private DataKeyTable() {
    }

    /** The vault's data key, unwrapped; made, wrapped and stored on first use when the vault is writable. */
    static SecretKey dataKey(Vault vault, MasterKey masterKey) {
        return withConnection(vault, c -> {
            byte[] wrapped = wrapped(c);
            if (wrapped == null) {
                if (vault.options().readOnly()) {
                    throw new VaultReadOnlyException("vault " + vault.file() + " has no GCM data key yet and is opened read-only");
                }
                SecretKey dataKey = new SecretKeySpec(KeyText.random(DATA_KEY_BYTES), "AES");
                store(c, masterKey, wrap(masterKey, dataKey), true);
                return dataKey;
            }
            return unwrap(vault, masterKey, wrapped);
        });
    }

    /**
     * Re-wraps the vault's data key under a new master key, in one transaction; no value is rewritten.
     *
     * @throws InvalidTokenException when {@code current} does not unwrap the data key
     */
    public static void rewrap(Vault vault, MasterKey current, MasterKey next) {
        if (vault.options().readOnly()) {
            throw new VaultReadOnlyException("vault " + vault.file() + " is opened read-only");
        }
        withConnection(vault, c -> {
            byte[] wrapped = wrapped(c);
            if (wrapped == null) {
                throw new VaultException("vault " + vault.file() + " has no GCM data key to re-wrap");
            }
            store(c, next, wrap(next, unwrap(vault, current, wrapped)), false);
            return null;
        });
    }

    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /** Runs the work in one BEGIN IMMEDIATE transaction on a connection of its own, with the vault's busy timeout. */
    private static <T> T withConnection(Vault vault, Work<T> work) {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + vault.file())) {
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA busy_timeout = " + vault.options().busyTimeout().toMillis());
                s.execute(vault.options().readOnly() ? "BEGIN" : "BEGIN IMMEDIATE");
                if (!vault.options().readOnly()) {
                    s.execute(CREATE);
                }
            }
            try {
                T result = work.run(c);
                try (Statement s = c.createStatement()) {
                    s.execute("COMMIT");
                }
                return result;
            } catch (RuntimeException | SQLException e) {
                try (Statement s = c.createStatement()) {
                    s.execute("ROLLBACK");
                }
                throw e;
            }
        } catch (SQLException e) {
            throw new VaultException("vault " + vault.file() + ": cannot read or write table " + TABLE + ": " + e.getMessage(), e);
        }
    }

    private static byte[] wrapped(Connection c) throws SQLException {
        boolean exists;
        try (PreparedStatement p = c.prepareStatement("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?")) {
            p.setString(1, TABLE);
            try (ResultSet r = p.executeQuery()) {
                exists = r.next() && r.getInt(1) > 0;
            }
        }
        if (!exists) {
            return null;
        }
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT wrapped FROM " + TABLE + " WHERE id = 1")) {
            return r.next() ? r.getBytes(1) : null;
        }
    }

    private static void store(Connection c, MasterKey masterKey, byte[] wrapped, boolean insert) throws SQLException {
        String sql = insert ? "INSERT INTO " + TABLE + " (id, master_key_id, wrapped) VALUES (1, ?, ?)"
                : "UPDATE " + TABLE + " SET master_key_id = ?, wrapped = ? WHERE id = 1";
        try (PreparedStatement p = c.prepareStatement(sql)) {
            p.setString(1, masterKey.id());
            p.setBytes(2, wrapped);
            p.executeUpdate();
        }
    }

    private static byte[] wrap(MasterKey masterKey, SecretKey dataKey) {
        try {
            Cipher cipher = Cipher.getInstance(WRAP);
            cipher.init(Cipher.WRAP_MODE, masterKey.secretKey());
            return cipher.wrap(dataKey);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks " + WRAP, e);
        }
    }

    private static SecretKey unwrap(Vault vault, MasterKey masterKey, byte[] wrapped) {
        try {
            Cipher cipher = Cipher.getInstance(WRAP);
            cipher.init(Cipher.UNWRAP_MODE, masterKey.secretKey());
            Key key = cipher.unwrap(wrapped, "AES", Cipher.SECRET_KEY);
            return (SecretKey) key;
        } catch (InvalidKeyException e) {
            throw new InvalidTokenException(InvalidTokenException.Reason.BAD_TAG, "vault " + vault.file()
                    + ": master key " + masterKey.id() + " does not unwrap the vault's data key", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks " + WRAP, e);
        }
    }
}
