package io.github.vaults4j.tools;

/** The JSON documents {@link VaultTools#export} writes and {@link VaultTools#importInto} reads. */
public enum ExportFormat {
    /**
     * Every row's exact cells, base64: {@code {"format": "vaults-base64-v1", "data": {b64(key cell): b64(value
     * cell)}}}. Restores the file's rows byte for byte, whatever they hold.
     */
    LOSSLESS("vaults-base64-v1"),
    /**
     * Keys and values as plain JSON: {@code {"format": "vaults-json-v1", "data": {"key": value}}}. Holds str keys
     * and values made of None, bool, int, finite float, str, list and dict with str keys. Other rows are refused,
     * or, when asked, kept lossless in a {@code "cells"} member beside {@code "data"}.
     */
    READABLE("vaults-json-v1");

    private final String tag;

    ExportFormat(String tag) {
        this.tag = tag;
    }

    /** The value of the document's {@code "format"} member. */
    public String tag() {
        return tag;
    }

    /** The format a document's {@code "format"} member names, or {@code null}. */
    public static ExportFormat ofTag(String tag) {
        for (ExportFormat format : values()) {
            if (format.tag.equals(tag)) {
                return format;
            }
        }
        return null;
    }
}
