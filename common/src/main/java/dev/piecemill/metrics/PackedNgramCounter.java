package dev.piecemill.metrics;

import it.unimi.dsi.fastutil.longs.LongArrays;
import java.util.ArrayList;
import java.util.List;

/**
 * Counts the n-grams inside documents for one n (up to {@link PackedNgramTable#MAX_N}) as packed
 * keys: occurrences are appended to a fixed buffer, which, when full, is sorted and counted into
 * a table; tables of similar size are merged, so memory follows the distinct n-grams, not the
 * occurrences, and each occurrence is merged O(log) times.
 *
 * <p>Sorting is most of the cost, and one long sorts in half the passes of two: a key is one long
 * when it fits, the high long alone for n &lt;= 2 (the low one is 0), 16 bits per token for n =
 * 3, 4 while every id is below 2^16 (every vocabulary up to 65,536 ids). A larger id switches the
 * counter to two longs for good. Either way the tables are the same.
 */
public final class PackedNgramCounter {
    private static final int BUFFER = 1 << 18;
    private static final int NARROW_ID_LIMIT = 1 << 16;

    private final int n;
    /** One long per occurrence while {@link #wide} is false; the high longs after. */
    private final long[] keys;
    /** The low longs: when wide, and for a flush's unpacked keys. */
    private final long[] lo;

    private boolean wide;
    private int size;
    /** Counted tables, each at most half the size of the one below it. */
    private final List<PackedNgramTable> runs = new ArrayList<>();

    public PackedNgramCounter(int n) {
        this(n, BUFFER);
    }

    /** With a buffer of {@code buffer} occurrences (tests use small ones to merge often). */
    PackedNgramCounter(int n, int buffer) {
        if (n < 1 || n > PackedNgramTable.MAX_N) {
            throw new IllegalArgumentException("n must be 1.." + PackedNgramTable.MAX_N + ", got " + n);
        }
        this.n = n;
        this.keys = new long[buffer];
        this.lo = new long[buffer];
    }

    public int n() {
        return n;
    }

    /** Adds every n-gram inside the document (none when it is shorter than n). */
    public void addWithin(int[] document) {
        if (!wide && n > 2 && !allNarrow(document, 0, document.length)) {
            widen();
        }
        for (int start = 0; start + n <= document.length; start++) {
            append(document, start);
        }
    }

    /** Adds the one n-gram {@code tokens[start .. start + n)}. */
    public void add(int[] tokens, int start) {
        if (!wide && n > 2 && !allNarrow(tokens, start, start + n)) {
            widen();
        }
        append(tokens, start);
    }

    private void append(int[] tokens, int start) {
        if (size == keys.length) {
            flush();
        }
        if (wide) {
            keys[size] = PackedNgramTable.packHi(tokens, start, n);
            lo[size] = PackedNgramTable.packLo(tokens, start, n);
        } else if (n <= 2) {
            keys[size] = PackedNgramTable.packHi(tokens, start, n);
        } else {
            keys[size] = narrowKey(tokens, start, n);
        }
        size++;
    }

    private static boolean allNarrow(int[] tokens, int from, int to) {
        for (int i = from; i < to; i++) {
            if (tokens[i] < 0 || tokens[i] >= NARROW_ID_LIMIT) {
                return false;
            }
        }
        return true;
    }

    /** 16 bits per token, first token highest, sign bit flipped: signed order is the tokens' order. */
    private static long narrowKey(int[] tokens, int from, int n) {
        long key = 0;
        for (int i = 0; i < PackedNgramTable.MAX_N; i++) {
            key = key << 16 | (i < n ? tokens[from + i] : 0);
        }
        return key ^ Long.MIN_VALUE;
    }

    /** From one long per occurrence to two, for good: the buffered occurrences rewritten. */
    private void widen() {
        unpackNarrowKeys();
        wide = true;
    }

    /**
     * The buffered one-long keys as the table's two longs, in {@link #keys} (high) and {@link #lo}.
     * For n &lt;= 2 a key already is the high long, and {@link #lo} is never written: all 0.
     */
    private void unpackNarrowKeys() {
        if (n <= 2) {
            return;
        }
        for (int i = 0; i < size; i++) {
            long raw = keys[i] ^ Long.MIN_VALUE;
            keys[i] = (raw >>> 48) << 32 | (raw >>> 32 & 0xFFFF);
            lo[i] = (raw >>> 16 & 0xFFFF) << 32 | (raw & 0xFFFF);
        }
    }

    private void flush() {
        if (size == 0) {
            return;
        }
        PackedNgramTable counted;
        if (wide) {
            counted = PackedNgramTable.ofOccurrences(keys, lo, size);
        } else {
            LongArrays.radixSort(keys, 0, size);
            unpackNarrowKeys(); // still sorted: the two longs keep the tokens' order
            counted = PackedNgramTable.ofSortedOccurrences(keys, lo, size);
        }
        size = 0;
        runs.add(counted);
        while (runs.size() > 1
                && 2L * runs.get(runs.size() - 1).distinct()
                        >= runs.get(runs.size() - 2).distinct()) {
            mergeTopRuns();
        }
    }

    private void mergeTopRuns() {
        PackedNgramTable top = runs.remove(runs.size() - 1);
        runs.set(runs.size() - 1, runs.get(runs.size() - 1).plus(top));
    }

    /** The counts so far. */
    public PackedNgramTable table() {
        flush();
        while (runs.size() > 1) {
            mergeTopRuns();
        }
        return runs.isEmpty() ? PackedNgramTable.EMPTY : runs.get(0);
    }
}
