package io.github.vaults4j.codec;

/**
 * Bytes could not be decoded (truncated, malformed, too deep) or a value could not be encoded. The message
 * names the byte offset and the opcode or format byte where decoding stopped.
 */
public class CodecException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CodecException(String message) {
        super(message);
    }

    public CodecException(String message, Throwable cause) {
        super(message, cause);
    }
}
