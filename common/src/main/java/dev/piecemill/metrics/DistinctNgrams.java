package dev.piecemill.metrics;

import dev.piecemill.lm.IntSequenceTrie;

/** distinct-n: how repetitive a corpus is at each n-gram length. */
public final class DistinctNgrams {
    private DistinctNgrams() {}

    /**
     * distinct-n for n = 1..maxN (index n - 1): distinct n-grams / n-gram occurrences, counting
     * only n-grams inside a document (a document of length L has max(0, L - n + 1)); NaN when
     * there is no n-gram of that length. One pass: the n-grams starting at each position are the
     * trie nodes along one walk, so a node at depth n is a distinct n-gram.
     */
    public static double[] ratios(Iterable<int[]> documents, int maxN) {
        IntSequenceTrie ngrams = new IntSequenceTrie();
        long[] occurrences = new long[maxN + 1];
        for (int[] document : documents) {
            for (int start = 0; start < document.length; start++) {
                int node = IntSequenceTrie.ROOT;
                int end = Math.min(document.length, start + maxN);
                for (int i = start; i < end; i++) {
                    node = ngrams.child(node, document[i]);
                    occurrences[i - start + 1]++;
                }
            }
        }
        long[] distinct = new long[maxN + 1];
        for (int node = 1; node < ngrams.size(); node++) {
            distinct[ngrams.depth(node)]++;
        }
        double[] ratios = new double[maxN];
        for (int n = 1; n <= maxN; n++) {
            ratios[n - 1] = ratio(distinct[n], occurrences[n]);
        }
        return ratios;
    }

    /** distinct-n from its counts: distinct n-grams over n-gram occurrences, NaN without any. */
    public static double ratio(long distinct, long occurrences) {
        return occurrences == 0 ? Double.NaN : (double) distinct / occurrences;
    }
}
