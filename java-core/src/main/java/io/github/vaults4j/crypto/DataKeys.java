package io.github.vaults4j.crypto;

import io.github.vaults4j.Vault;
import io.github.vaults4j.VaultException;
import io.github.vaults4j.VaultReadOnlyException;
import io.github.vaults4j.metrics.ToolRuns;
import io.github.vaults4j.metrics.ToolRuns.Tool;
import io.github.vaults4j.metrics.VaultMetrics;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.Key;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The wrapped data key of a GCM vault, kept as two of the vault's {@linkplain Vault#attribute attributes}
 * (a side table of the same store, which Python's module never reads): {@value #WRAPPED_KEY}, the vault's
 * AES-256 data key wrapped with the master key by AES key wrap (RFC 3394, the JDK's {@code AESWrap}), and
 * {@value #MASTER_KEY_ID}, the id of the master key that wrapped it. They travel with the file (copies,
 * backups, {@code vaults migrate}), and rotating the master key rewrites these two attributes and no value.
 */
public final class DataKeys {
    private static final Logger LOG = LoggerFactory.getLogger(DataKeys.class);
    /** The attribute holding the wrapped data key. */
    public static final String WRAPPED_KEY = "gcm.wrapped-data-key";
    /** The attribute naming the master key that wrapped it. */
    public static final String MASTER_KEY_ID = "gcm.master-key-id";
    private static final int DATA_KEY_BYTES = 32;
    private static final String WRAP = "AESWrap";

    private DataKeys() {
    }

    /** The vault's data key, unwrapped; made, wrapped and stored on first use when the vault is writable. */
    static SecretKey dataKey(Vault vault, MasterKey masterKey) {
        Optional<byte[]> wrapped = vault.attribute(WRAPPED_KEY);
        if (wrapped.isPresent()) {
            return unwrap(vault, masterKey, wrapped.get());
        }
        if (vault.options().readOnly()) {
            throw new VaultReadOnlyException("vault " + vault.location() + " has no GCM data key yet and is opened read-only");
        }
        return vault.transactionResult(v -> {
            Optional<byte[]> raced = v.attribute(WRAPPED_KEY);   // another writer may have made one meanwhile
            if (raced.isPresent()) {
                return unwrap(v, masterKey, raced.get());
            }
            SecretKey dataKey = new SecretKeySpec(KeyText.random(DATA_KEY_BYTES), "AES");
            store(v, masterKey, wrap(masterKey, dataKey));
            return dataKey;
        });
    }

    /**
     * Re-wraps the vault's data key under a new master key, in one transaction; no value is rewritten.
     *
     * @throws InvalidTokenException when {@code current} does not unwrap the data key
     */
    public static void rewrap(Vault vault, MasterKey current, MasterKey next) {
        if (vault.options().readOnly()) {
            throw new VaultReadOnlyException("vault " + vault.location() + " is opened read-only");
        }
        ToolRuns.time(Tool.REKEY, vault.name(), VaultMetrics.systemOf(vault.location()), () -> {
            vault.transaction(v -> {
                byte[] wrapped = v.attribute(WRAPPED_KEY).orElseThrow(
                        () -> new VaultException("vault " + v.location() + " has no GCM data key to re-wrap"));
                store(v, next, wrap(next, unwrap(v, current, wrapped)));
            });
            return null;
        });
        LOG.info("rekey {}: data key re-wrapped with the new master key; no value rewritten", vault.location());
    }

    private static void store(Vault vault, MasterKey masterKey, byte[] wrapped) {
        vault.putAttribute(WRAPPED_KEY, wrapped);
        vault.putAttribute(MASTER_KEY_ID, masterKey.id().getBytes(StandardCharsets.UTF_8));
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
            throw new InvalidTokenException(InvalidTokenException.Reason.BAD_TAG, "vault " + vault.location()
                    + ": master key " + masterKey.id() + " does not unwrap the vault's data key", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks " + WRAP, e);
        }
    }
}
