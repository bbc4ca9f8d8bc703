package dev.piecemill.metrics;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Counts of lengths (documents' tokens, say) in power-of-two bins: 0, 1, 2-3, 4-7, ... A fixed,
 * tiny state that merges by addition, so tasks can fill one each and the sum is exact whatever
 * the partitioning.
 */
public final class LengthHistogram implements Serializable {
    private static final long serialVersionUID = 1L;
    /** Bin 0 holds 0; bin k >= 1 holds [2^(k-1), 2^k - 1]; the last bin ends at Long.MAX_VALUE. */
    private static final int BINS = 64;

    private final long[] counts = new long[BINS];

    /** One bin of the histogram, for reports: lengths {@code [from, to]} and how many fell there. */
    public record Bin(long from, long to, long count) {}

    public void add(long length) {
        if (length < 0) {
            throw new IllegalArgumentException("a length cannot be negative: " + length);
        }
        counts[bin(length)]++;
    }

    public void merge(LengthHistogram other) {
        for (int i = 0; i < BINS; i++) {
            counts[i] += other.counts[i];
        }
    }

    public long total() {
        return Arrays.stream(counts).sum();
    }

    public boolean isEmpty() {
        return total() == 0;
    }

    public LengthHistogram copy() {
        LengthHistogram copy = new LengthHistogram();
        copy.merge(this);
        return copy;
    }

    public void reset() {
        Arrays.fill(counts, 0);
    }

    /** The non-empty bins from the first to the last, empty ones between them included. */
    public List<Bin> bins() {
        int first = 0;
        int last = BINS - 1;
        while (first < BINS && counts[first] == 0) {
            first++;
        }
        while (last >= first && counts[last] == 0) {
            last--;
        }
        List<Bin> bins = new ArrayList<>();
        for (int k = first; k <= last; k++) {
            bins.add(new Bin(lowest(k), k == BINS - 1 ? Long.MAX_VALUE : lowest(k + 1) - 1, counts[k]));
        }
        return bins;
    }

    static int bin(long length) {
        return length == 0 ? 0 : 64 - Long.numberOfLeadingZeros(length);
    }

    private static long lowest(int bin) {
        return bin == 0 ? 0 : 1L << (bin - 1);
    }
}
