package io.github.vaults4j.codec;

import java.util.Arrays;

/** An append-only byte array; the encoders write into one per call and copy it out once at the end. */
final class GrowableBytes {
    private byte[] data;
    private int size;

    GrowableBytes(int initialCapacity) {
        data = new byte[Math.max(16, initialCapacity)];
    }

    int size() {
        return size;
    }

    private void ensure(int extra) {
        int needed = size + extra;
        if (needed < 0) {
            throw new CodecException("encoded value exceeds 2 GiB");
        }
        if (needed > data.length) {
            int grown = (int) Math.min(Integer.MAX_VALUE - 8L, Math.max(needed, data.length * 2L));
            data = Arrays.copyOf(data, grown);
        }
    }

    void write(int b) {
        ensure(1);
        data[size++] = (byte) b;
    }

    void write(byte[] src) {
        write(src, 0, src.length);
    }

    void write(byte[] src, int off, int len) {
        ensure(len);
        System.arraycopy(src, off, data, size, len);
        size += len;
    }

    void writeIntLE(int v) {
        ensure(4);
        data[size] = (byte) v;
        data[size + 1] = (byte) (v >>> 8);
        data[size + 2] = (byte) (v >>> 16);
        data[size + 3] = (byte) (v >>> 24);
        size += 4;
    }

    void writeLongLE(long v) {
        writeIntLE((int) v);
        writeIntLE((int) (v >>> 32));
    }

    void writeLongBE(long v) {
        ensure(8);
        for (int i = 7; i >= 0; i--) {
            data[size++] = (byte) (v >>> (i * 8));
        }
    }

    /** Overwrites 8 bytes at {@code pos} with {@code v}, little-endian. */
    void putLongLE(int pos, long v) {
        for (int i = 0; i < 8; i++) {
            data[pos + i] = (byte) (v >>> (i * 8));
        }
    }

    void set(int pos, int b) {
        data[pos] = (byte) b;
    }

    /** Reserves {@code n} bytes to be filled in later; returns their position. */
    int reserve(int n) {
        ensure(n);
        int pos = size;
        size += n;
        return pos;
    }

    /** Removes {@code n} bytes at {@code pos}, shifting what follows. */
    void remove(int pos, int n) {
        System.arraycopy(data, pos + n, data, pos, size - pos - n);
        size -= n;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(data, size);
    }
}
