/**
 * Encrypted vaults: {@link io.github.vaults4j.crypto.EncryptedVault}, the values of a vault encrypted and its keys
 * in clear, in one of two modes.
 *
 * <h2>Fernet mode: what Python reads</h2>
 * The design notes of Fuse's {@code vaults} module specify an {@code EncryptedVault} class that stores
 * {@code Fernet(key).encrypt(pickle.dumps(value))}. {@link io.github.vaults4j.crypto.EncryptedVault#fernet} writes
 * exactly that, so CPython with the {@code cryptography} package and that class read every value Java writes,
 * and the other way round. {@link io.github.vaults4j.crypto.Fernet} and
 * {@link io.github.vaults4j.crypto.MultiFernet} implement the Fernet specification (github.com/fernet/spec):
 * AES-128-CBC with PKCS#7 padding and HMAC-SHA256, key = URL-safe base64 of 16 bytes signing key and 16 bytes
 * encryption key, token = URL-safe base64 of {@code 0x80}, the 64-bit big-endian creation time in seconds, the
 * 16-byte IV, the ciphertext and the HMAC over all before it. The tag is checked with
 * {@link java.security.MessageDigest#isEqual} (constant time) before any decryption.
 *
 * <h2>Time</h2>
 * Fernet's time-to-live is for messages in transit; vault values are data at rest, so values are decrypted with
 * no time-to-live and tokens of any age open. A token dated in the future opens too: Python's
 * {@code cryptography} 38 applies its 60-second clock-skew check only when {@code decrypt} is given a
 * {@code ttl} (checked by experiment with Debian's python3-cryptography 38.0.4), and a value written on a host
 * whose clock ran ahead must not become unreadable. {@link io.github.vaults4j.crypto.Fernet#decrypt(byte[],
 * java.time.Duration, java.time.Instant)} keeps the specification's check with a time-to-live for other uses.
 *
 * <h2>Base64</h2>
 * Tokens are decoded strictly, as the specification's invalid vectors require. Python's {@code cryptography} 38
 * decodes leniently and so accepts two of them (trailing characters after the padding, stray characters inside
 * the text); no Fernet implementation writes such tokens, so every token Python writes opens here.
 *
 * <h2>Why javax.crypto</h2>
 * Everything Fernet needs is in the JDK ({@code AES/CBC/PKCS5Padding}, {@code HmacSHA256},
 * {@code MessageDigest.isEqual}), in about two hundred lines checked against the published test vectors and a live
 * CPython peer. The Java Fernet library, {@code com.macasaet:fernet-java8}, has had no release since 2020 and its
 * validator applies a 60-second time-to-live by default, which would make every stored value unreadable a
 * minute after it was written unless every caller remembered to turn it off.
 *
 * <h2>GCM mode: Java only</h2>
 * {@link io.github.vaults4j.crypto.EncryptedVault#gcm} is the storage design's AES-256-GCM with a key hierarchy: a
 * {@link io.github.vaults4j.crypto.MasterKey} (key-encryption key) wraps a random per-vault data key (AES key
 * wrap, RFC 3394), stored wrapped as attributes of the vault ({@link io.github.vaults4j.Vault#attribute}), in its own store
 * ({@link io.github.vaults4j.crypto.DataKeys}). Each value is a versioned header, a 12-byte random nonce and
 * the ciphertext with its 16-byte tag, with the key's cell in the associated data, so values cannot be swapped
 * between keys. Rotating the master key re-wraps the data key and rewrites no value. Python's class cannot read
 * these values (it knows only Fernet, and not the side table): use this mode only where every reader is vaults4j
 * on the JVM (Java or GraalPy through vaults4j).
 */
package io.github.vaults4j.crypto;
