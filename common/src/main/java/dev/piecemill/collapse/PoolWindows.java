package dev.piecemill.collapse;

/**
 * Which stretch of a replicate's ordered real pool each part of a run takes, in units (tokens, or
 * documents): the reference {@code [0, reference)}, generation 0 {@code [reference, reference + first)},
 * and generation g >= 1's fresh data {@code [reference + first + (g-1) each, reference + first + g each)}.
 * The pool is read as one stream of its documents' units in pool order; a document that straddles
 * a window's edge is cut there and its rest opens the next window, so no real unit is used twice
 * and none is wasted. A document needs only its own start offset to know its pieces, which is what
 * lets a distributed job cut the pool without a sequential pass.
 */
public record PoolWindows(long reference, long first, long each) implements java.io.Serializable {
    /** The window index of the reference sample. */
    public static final int REFERENCE = -1;

    public PoolWindows {
        if (reference < 0 || first < 0 || each < 0) {
            throw new IllegalArgumentException(
                    "negative window: reference " + reference + ", first " + first + ", each " + each);
        }
    }

    /** The layout a run's settings ask for: see {@link Generation0}; null when generation 0 is the whole corpus. */
    public static PoolWindows of(CollapseSettings settings) {
        long n = settings.tokensPerGeneration();
        long fresh = settings.recursion().loop() == Loop.FRESH ? settings.realTokensPerGeneration() : 0;
        if (settings.recursion().generation0() == Generation0.SAMPLE) {
            return new PoolWindows(n, n, fresh);
        }
        return settings.recursion().loop() == Loop.FRESH ? new PoolWindows(0, n, fresh) : null;
    }

    /** Where window {@code window} (a generation, or {@link #REFERENCE}) starts. */
    public long from(int window) {
        if (window == REFERENCE) {
            return 0;
        }
        return window == 0 ? reference : reference + first + (window - 1) * each;
    }

    public long to(int window) {
        return window == REFERENCE ? reference : reference + first + window * each;
    }

    /** Units the pool must hold for the reference and generations 0..generations. */
    public long required(int generations) {
        return to(generations);
    }

    /**
     * The part of a document occupying pool units {@code [start, start + length)} that falls in
     * {@code [from, to)}, as {@code [from, to)} relative to the document, or null when it lies outside.
     */
    public static long[] piece(long start, long length, long from, long to) {
        long a = Math.max(start, from);
        long b = Math.min(start + length, to);
        return a < b ? new long[] {a - start, b - start} : null;
    }
}
