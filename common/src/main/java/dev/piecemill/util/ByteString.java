package dev.piecemill.util;

import java.io.Serializable;
import java.util.Arrays;

/** An immutable byte string with value equality and the reference's order (unsigned bytes). */
public final class ByteString implements Comparable<ByteString>, Serializable {
    private static final long serialVersionUID = 1L;
    private final byte[] bytes;
    private final int hash;

    private ByteString(byte[] bytes) {
        this.bytes = bytes;
        this.hash = Arrays.hashCode(bytes);
    }

    /** Takes ownership of {@code bytes}: do not modify the array afterwards. */
    public static ByteString wrap(byte[] bytes) {
        return new ByteString(bytes);
    }

    public static ByteString copyOf(byte[] bytes, int from, int to) {
        return new ByteString(Arrays.copyOfRange(bytes, from, to));
    }

    /** The bytes themselves (not a copy: do not modify). */
    public byte[] bytes() {
        return bytes;
    }

    public int length() {
        return bytes.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ByteString b && b.hash == hash && Arrays.equals(b.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public int compareTo(ByteString o) {
        return Arrays.compareUnsigned(bytes, o.bytes);
    }

    @Override
    public String toString() {
        return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    }
}
