package dev.piecemill.train;

/**
 * Byte n-grams of up to 7 bytes packed into a long: the length in the top byte, the bytes
 * big-endian below it. The empty n-gram (key 0) stands for "any position".
 */
public final class ByteNgramKeys {
    public static final int MAX_LENGTH = 7;

    private ByteNgramKeys() {}

    static long withLength(long bits, int length) {
        return ((long) length << 56) | bits;
    }

    public static int length(long key) {
        return (int) (key >>> 56);
    }

    /** The key of the n-gram without its last byte. */
    public static long prefix(long key) {
        int length = length(key);
        return withLength((key & 0x00FF_FFFF_FFFF_FFFFL) >>> 8, length - 1);
    }
}
