package dev.piecemill.metrics;

import it.unimi.dsi.fastutil.ints.Int2LongMap;
import it.unimi.dsi.fastutil.ints.Int2LongOpenHashMap;
import it.unimi.dsi.fastutil.ints.IntArrays;

/**
 * The unigram distribution of a corpus: count of each token, maximum-likelihood probabilities
 * {@code p(w) = c(w) / total}, and the tokens ranked by count (descending, ties by lower id).
 */
public final class TokenFrequencies {
    private final Int2LongOpenHashMap counts;
    private final long total;
    private final int[] byRank;

    private TokenFrequencies(Int2LongOpenHashMap counts) {
        this.counts = counts;
        long sum = 0;
        for (long c : counts.values()) {
            sum += c;
        }
        this.total = sum;
        this.byRank = counts.keySet().toIntArray();
        IntArrays.quickSort(byRank, (a, b) -> {
            int byCount = Long.compare(counts.get(b), counts.get(a));
            return byCount != 0 ? byCount : Integer.compare(a, b);
        });
    }

    /** Counts every token of every document. */
    public static TokenFrequencies of(Iterable<int[]> documents) {
        Int2LongOpenHashMap counts = new Int2LongOpenHashMap();
        for (int[] document : documents) {
            for (int token : document) {
                counts.addTo(token, 1);
            }
        }
        return new TokenFrequencies(counts);
    }

    /** Number of distinct tokens. */
    public int types() {
        return counts.size();
    }

    public long total() {
        return total;
    }

    public long count(int token) {
        return counts.get(token);
    }

    public double probability(int token) {
        return (double) counts.get(token) / total;
    }

    public boolean contains(int token) {
        return counts.containsKey(token);
    }

    /** The token of rank {@code rank} (0 = most frequent). */
    public int tokenAtRank(int rank) {
        return byRank[rank];
    }

    /** Count of the token of rank {@code rank}. */
    public long countAtRank(int rank) {
        return counts.get(byRank[rank]);
    }

    /** (token, count) entries in no particular order. */
    public Iterable<Int2LongMap.Entry> entries() {
        return counts.int2LongEntrySet();
    }
}
