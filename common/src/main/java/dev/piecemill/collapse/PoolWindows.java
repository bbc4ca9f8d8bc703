package dev.piecemill.collapse;

/**
 * Which stretch of an ordered real pool each generation takes, in units (tokens, or documents):
 * generation 0 takes {@code [0, first)}, generation g >= 1 takes
 * {@code [first + (g-1) each, first + g each)}. The pool is read as one stream of its documents'
 * units in pool order; a document that straddles a window's edge is cut there and its rest opens
 * the next window, so no real unit is used twice and none is wasted. A document needs only its
 * own start offset to know its pieces, which is what lets a distributed job cut the pool without
 * a sequential pass.
 */
public record PoolWindows(long first, long each) implements java.io.Serializable {
    public PoolWindows {
        if (first < 0 || each < 0) {
            throw new IllegalArgumentException("negative window: first " + first + ", each " + each);
        }
    }

    public long from(int generation) {
        return generation == 0 ? 0 : first + (generation - 1) * each;
    }

    public long to(int generation) {
        return first + generation * each;
    }

    /** Units the pool must hold for generations 0..generations. */
    public long required(int generations) {
        return to(generations);
    }

    /**
     * The part of a document occupying pool units {@code [start, start + length)} that falls in
     * the generation's window, as {@code [from, to)} relative to the document, or null when the
     * document lies outside it.
     */
    public long[] piece(long start, long length, int generation) {
        long from = Math.max(start, from(generation));
        long to = Math.min(start + length, to(generation));
        return from < to ? new long[] {from - start, to - start} : null;
    }

    /** The generation whose window holds pool unit {@code unit}; Integer.MAX_VALUE when none does (each = 0, past generation 0). */
    public int windowOf(long unit) {
        if (unit < first) {
            return 0;
        }
        if (each == 0) {
            return Integer.MAX_VALUE;
        }
        return (int) Math.min(Integer.MAX_VALUE, 1 + (unit - first) / each);
    }
}
