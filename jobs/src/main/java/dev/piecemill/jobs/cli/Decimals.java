package dev.piecemill.jobs.cli;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The JSON text of every id of a vocabulary as a list element (", 123"), computed once and
 * packed into a long per id: writing an id list becomes one 8-byte store per id instead of a
 * division per digit (formatting digit by digit cost a sixth of encode's time).
 */
final class Decimals {
    /** Ids below this fit: ", " and five digits in the low 7 bytes, the length in the top byte. */
    private static final int COVERED = 100_000;

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    /** Bytes a write may touch past its text: callers keep this much room. */
    static final int SLACK = 8;

    private final long[] packed;

    Decimals(int count) {
        int covered = Math.min(count, COVERED);
        packed = new long[covered];
        for (int i = 0; i < covered; i++) {
            byte[] text = (", " + i).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            long word = (long) text.length << 56;
            for (int b = 0; b < text.length; b++) {
                word |= (long) (text[b] & 0xFF) << (8 * b);
            }
            packed[i] = word;
        }
    }

    /** Whether {@code value} is in the table. */
    boolean covers(int value) {
        return value >= 0 && value < packed.length;
    }

    /**
     * Writes ", value" (or just the digits when {@code first}) at {@code out[pos]}, which must
     * have {@link #SLACK} bytes of room; returns the new position.
     */
    int write(int value, boolean first, byte[] out, int pos) {
        long word = packed[value];
        int length = (int) (word >>> 56);
        long text = word & 0x00FF_FFFF_FFFF_FFFFL;
        if (first) { // without the ", "
            text >>>= 16;
            length -= 2;
        }
        LONGS.set(out, pos, text);
        return pos + length;
    }
}
