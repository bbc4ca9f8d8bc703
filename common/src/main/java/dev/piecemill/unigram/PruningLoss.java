package dev.piecemill.unigram;

import dev.piecemill.piece.ByteTrie;
import it.unimi.dsi.fastutil.ints.IntArrayList;

/**
 * What removing each piece would cost: every Viterbi occurrence of the piece is replaced by its
 * best segmentation without it (its alternative), whose pieces gain those occurrences. The loss
 * is the drop in the corpus's Viterbi log-likelihood, SentencePiece's criterion with the
 * per-piece alternative count of its 2023 fix, weighted by the piece's own occurrences.
 */
final class PruningLoss {
    private PruningLoss() {}

    /**
     * The loss of each piece under {@code counts} (its Viterbi counts over the corpus); single
     * bytes and the kept whitespace runs, which always stay, get +infinity, the {@code characters}
     * most probable single characters the largest finite value (they stay before any learned
     * piece), unused pieces -infinity.
     */
    static double[] of(Vocabulary vocabulary, PassTotals totals, int whitespaceRuns, int characters) {
        long[] counts = totals.viterbi;
        int n = vocabulary.size();
        double sum = java.util.Arrays.stream(counts).asDoubleStream().sum();
        double logSum = Math.log(sum);
        double[] loss = new double[n];
        // Pieces are independent: the driver's cores share them (its executors wait meanwhile).
        ThreadLocal<AlternativeFinder> finders = ThreadLocal.withInitial(() -> new AlternativeFinder(vocabulary));
        java.util.stream.IntStream.range(0, n).parallel().forEach(i -> {
            loss[i] = WhitespaceRuns.isKept(vocabulary.piece(i), whitespaceRuns)
                    ? Double.POSITIVE_INFINITY
                    : lossOf(i, vocabulary, counts, sum, logSum, finders.get());
        });
        for (int i : mostProbableCharacters(vocabulary, characters)) {
            loss[i] = Double.MAX_VALUE;
        }
        return loss;
    }

    /** Up to {@code limit} pieces that are single multi-byte characters, the most probable first (ties by bytes). */
    private static int[] mostProbableCharacters(Vocabulary vocabulary, int limit) {
        return java.util.stream.IntStream.range(0, vocabulary.size())
                .filter(i -> SeedRules.isSingleCharacter(vocabulary.piece(i)))
                .boxed()
                .sorted((a, b) -> {
                    int c = Double.compare(vocabulary.probability(b), vocabulary.probability(a));
                    return c != 0 ? c : java.util.Arrays.compareUnsigned(vocabulary.piece(a), vocabulary.piece(b));
                })
                .limit(limit)
                .mapToInt(Integer::intValue)
                .toArray();
    }

    private static double lossOf(
            int i, Vocabulary vocabulary, long[] counts, double sum, double logSum, AlternativeFinder finder) {
        if (vocabulary.piece(i).length == 1) {
            return Double.POSITIVE_INFINITY;
        }
        long freq = counts[i];
        if (freq == 0) {
            return Double.NEGATIVE_INFINITY;
        }
        IntArrayList alternative = finder.segmentWithout(i);
        double logSumAlt = Math.log(sum + (double) freq * (alternative.size() - 1));
        double logProbAlt = 0;
        for (int k = 0; k < alternative.size(); k++) {
            logProbAlt += Math.log((double) counts[alternative.getInt(k)] + freq) - logSumAlt;
        }
        double logProb = Math.log((double) freq) - logSum;
        return freq * (logProb - logProbAlt);
    }

    /** Viterbi segmentation of a piece's own bytes in which the piece itself may not be used. */
    static final class AlternativeFinder {
        private final Vocabulary vocabulary;
        private final int[] units;
        private final double[] logs;
        private double[] best = new double[64];
        private int[] backStart = new int[64];
        private int[] backPiece = new int[64];

        AlternativeFinder(Vocabulary vocabulary) {
            this.vocabulary = vocabulary;
            this.units = vocabulary.trie().units();
            this.logs = vocabulary.logProbabilities();
        }

        private final IntArrayList out = new IntArrayList();

        /** The pieces, in text order (a list this finder reuses). */
        IntArrayList segmentWithout(int excluded) {
            out.clear();
            byte[] text = vocabulary.piece(excluded);
            int n = text.length;
            if (best.length <= n) {
                best = new double[n + 1];
                backStart = new int[n + 1];
                backPiece = new int[n + 1];
            }
            best[0] = 0;
            java.util.Arrays.fill(best, 1, n + 1, Double.NEGATIVE_INFINITY);
            int stride = ByteTrie.STRIDE;
            for (int s = 0; s < n; s++) {
                int node = 0;
                for (int i = s; i < n; i++) {
                    int t = units[node * stride] + (text[i] & 0xFF) + 1;
                    if (units[t * stride + 1] != node) {
                        break;
                    }
                    node = t;
                    int piece = units[t * stride + 2];
                    if (piece >= 0 && piece != excluded) {
                        double score = best[s] + logs[piece];
                        if (score > best[i + 1]) {
                            best[i + 1] = score;
                            backStart[i + 1] = s;
                            backPiece[i + 1] = piece;
                        }
                    }
                }
            }
            for (int e = n; e > 0; e = backStart[e]) {
                out.add(backPiece[e]);
            }
            for (int i = 0, j = out.size() - 1; i < j; i++, j--) {
                int t = out.getInt(i);
                out.set(i, out.getInt(j));
                out.set(j, t);
            }
            return out;
        }
    }
}
