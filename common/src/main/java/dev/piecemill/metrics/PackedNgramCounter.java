package dev.piecemill.metrics;

/**
 * Counts the n-grams inside documents for one n (up to {@link PackedNgramTable#MAX_N}) as packed
 * keys: occurrences are appended to a fixed buffer, which, when full, is sorted and merged into
 * the counts so far. Memory follows the distinct n-grams, not the occurrences.
 */
public final class PackedNgramCounter {
    private static final int BUFFER = 1 << 18;

    private final int n;
    private final long[] hi;
    private final long[] lo;
    private int size;
    private PackedNgramTable counted = PackedNgramTable.EMPTY;

    public PackedNgramCounter(int n) {
        this(n, BUFFER);
    }

    /** With a buffer of {@code buffer} occurrences (tests use small ones to merge often). */
    PackedNgramCounter(int n, int buffer) {
        if (n < 1 || n > PackedNgramTable.MAX_N) {
            throw new IllegalArgumentException("n must be 1.." + PackedNgramTable.MAX_N + ", got " + n);
        }
        this.n = n;
        this.hi = new long[buffer];
        this.lo = new long[buffer];
    }

    public int n() {
        return n;
    }

    /** Adds every n-gram inside the document (none when it is shorter than n). */
    public void addWithin(int[] document) {
        for (int start = 0; start + n <= document.length; start++) {
            if (size == hi.length) {
                flush();
            }
            hi[size] = PackedNgramTable.packHi(document, start, n);
            lo[size] = PackedNgramTable.packLo(document, start, n);
            size++;
        }
    }

    private void flush() {
        counted = counted.plus(PackedNgramTable.ofOccurrences(hi, lo, size));
        size = 0;
    }

    /** The counts so far. */
    public PackedNgramTable table() {
        flush();
        return counted;
    }
}
