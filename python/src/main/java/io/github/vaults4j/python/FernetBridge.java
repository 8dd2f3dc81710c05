package io.github.vaults4j.python;

import io.github.vaults4j.crypto.FernetKey;
import io.github.vaults4j.crypto.InvalidTokenException;
import io.github.vaults4j.crypto.MultiFernet;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.Value;

/**
 * The Fernet of the Python package's {@code EncryptedVault} ({@code vaults/_encrypted.py}): GraalPy has no
 * {@code cryptography} package, so the package pickles in Python (GraalPy's pickle writes CPython's bytes) and
 * encrypts here, with {@link MultiFernet} on the JDK's {@code javax.crypto}. Bytes cross as buffers: Python
 * {@code bytes} in, a {@link ByteBuffer} out that Python turns into {@code bytes}.
 */
public final class FernetBridge {
    private final MultiFernet fernet;

    private FernetBridge(MultiFernet fernet) {
        this.fernet = fernet;
    }

    /** A new key's URL-safe base64 text, as {@code Fernet.generate_key()}. */
    @HostAccess.Export
    public static String generateKey() {
        return FernetKey.generate().encoded();
    }

    /** A Fernet over the keys (a Python sequence of str, validated by the caller); the first encrypts. */
    @HostAccess.Export
    public static FernetBridge create(Value keys) {
        List<FernetKey> parsed = new ArrayList<>();
        for (long i = 0; i < keys.getArraySize(); i++) {
            parsed.add(FernetKey.parse(keys.getArrayElement(i).asString()));
        }
        return new FernetBridge(new MultiFernet(parsed));
    }

    /** The token (ASCII) over the bytes. */
    @HostAccess.Export
    public ByteBuffer encrypt(Value plaintext) {
        return ByteBuffer.wrap(fernet.encrypt(readBytes(plaintext)));
    }

    /** The plaintext of a token of any age, or {@code null} when no key opens it (Python raises then). */
    @HostAccess.Export
    public ByteBuffer decrypt(Value token) {
        try {
            return ByteBuffer.wrap(fernet.decrypt(readBytes(token)));
        } catch (InvalidTokenException e) {
            return null;
        }
    }

    private static byte[] readBytes(Value v) {
        byte[] out = new byte[(int) v.getBufferSize()];
        v.readBuffer(0, out, 0, out.length);
        return out;
    }
}
