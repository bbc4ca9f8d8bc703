package dev.piecemill.metrics;

import dev.piecemill.lm.IntSequenceTrie;
import it.unimi.dsi.fastutil.ints.IntOpenHashSet;
import it.unimi.dsi.fastutil.longs.LongArrayList;

/**
 * Quality and diversity of generated text against a real corpus through their n-grams (n-grams
 * inside documents only), the discrete analogues of the generative precision and recall of the
 * MAD paper.
 */
public final class NgramOverlap {
    /** The default n-gram length. */
    public static final int DEFAULT_N = 4;

    private final int n;
    private final IntSequenceTrie realNgrams = new IntSequenceTrie();
    /** Occurrences in the real corpus of each trie node of depth n (0 for shorter prefixes). */
    private final LongArrayList realCounts = new LongArrayList();

    private final int realDistinct;
    private final long realOccurrences;

    /** Indexes the real corpus's n-grams. */
    public NgramOverlap(Iterable<int[]> realDocuments, int n) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be >= 1, got " + n);
        }
        this.n = n;
        long occurrences = 0;
        int distinct = 0;
        for (int[] document : realDocuments) {
            for (int start = 0; start + n <= document.length; start++) {
                int node = IntSequenceTrie.ROOT;
                for (int i = start; i < start + n; i++) {
                    node = realNgrams.child(node, document[i]);
                }
                while (realCounts.size() < realNgrams.size()) {
                    realCounts.add(0);
                }
                if (realCounts.getLong(node) == 0) {
                    distinct++;
                }
                realCounts.set(node, realCounts.getLong(node) + 1);
                occurrences++;
            }
        }
        this.realDistinct = distinct;
        this.realOccurrences = occurrences;
    }

    public int n() {
        return n;
    }

    /**
     * precision: share of the generated corpus's n-gram occurrences that occur in the real
     * corpus; recall: share of the real corpus's distinct n-grams the generated corpus contains;
     * recallByMass: the same weighted by real occurrences (share of real n-gram occurrences whose
     * n-gram the generated corpus still produces). NaN where a denominator is 0.
     */
    public record Scores(double precision, double recall, double recallByMass) {
        /**
         * The scores from counts: generated n-gram occurrences found in the real corpus and all
         * of them, real distinct n-grams produced and all of them, real occurrences of the
         * produced ones and all of them.
         */
        public static Scores of(
                long matched,
                long occurrences,
                long producedDistinct,
                long realDistinct,
                long producedMass,
                long realOccurrences) {
            return new Scores(
                    ratio(matched, occurrences),
                    ratio(producedDistinct, realDistinct),
                    ratio(producedMass, realOccurrences));
        }

        private static double ratio(long part, long whole) {
            return whole == 0 ? Double.NaN : (double) part / whole;
        }
    }

    public Scores score(Iterable<int[]> generatedDocuments) {
        long occurrences = 0;
        long matched = 0;
        IntOpenHashSet produced = new IntOpenHashSet();
        for (int[] document : generatedDocuments) {
            for (int start = 0; start + n <= document.length; start++) {
                occurrences++;
                int node = find(document, start);
                if (node != IntSequenceTrie.ABSENT) {
                    matched++;
                    produced.add(node);
                }
            }
        }
        long producedMass = 0;
        for (int node : produced) {
            producedMass += realCounts.getLong(node);
        }
        return Scores.of(matched, occurrences, produced.size(), realDistinct, producedMass, realOccurrences);
    }

    /** The real n-gram starting at {@code start}, or ABSENT. Depth-n nodes are all real n-grams. */
    private int find(int[] document, int start) {
        int node = IntSequenceTrie.ROOT;
        for (int i = start; i < start + n && node != IntSequenceTrie.ABSENT; i++) {
            node = realNgrams.find(node, document[i]);
        }
        return node;
    }
}
