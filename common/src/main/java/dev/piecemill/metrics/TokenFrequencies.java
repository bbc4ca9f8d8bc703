package dev.piecemill.metrics;

import it.unimi.dsi.fastutil.ints.Int2LongMap;
import it.unimi.dsi.fastutil.ints.Int2LongOpenHashMap;
import it.unimi.dsi.fastutil.ints.IntArrays;

/**
 * The unigram distribution of a corpus: count of each token, maximum-likelihood probabilities
 * {@code p(w) = c(w) / total}, and the tokens ranked by count (descending, ties by lower id).
 * Sums over the distribution run in rank order, so a metric is the same bit for bit however the
 * counts were gathered.
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

    /** The distribution of counts gathered elsewhere (say, by a distributed job); tokens with count 0 are left out. */
    public static TokenFrequencies fromCounts(Int2LongMap counts) {
        Int2LongOpenHashMap positive = new Int2LongOpenHashMap(counts.size());
        for (Int2LongMap.Entry e : counts.int2LongEntrySet()) {
            if (e.getLongValue() < 0) {
                throw new IllegalArgumentException(
                        "negative count " + e.getLongValue() + " for token " + e.getIntKey());
            }
            if (e.getLongValue() > 0) {
                positive.put(e.getIntKey(), e.getLongValue());
            }
        }
        return new TokenFrequencies(positive);
    }

    /** Number of distinct tokens. */
    public int types() {
        return counts.size();
    }

    public long total() {
        return total;
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
}
