package io.github.vaults4j.codec;

/** Containers are nested deeper than the limit given to the codec; nothing was built or written. */
public class DepthLimitException extends CodecException {
    private static final long serialVersionUID = 1L;

    public DepthLimitException(String message) {
        super(message);
    }
}
