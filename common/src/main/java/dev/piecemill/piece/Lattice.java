package dev.piecemill.piece;

import it.unimi.dsi.fastutil.ints.IntArrayList;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * All segmentations of one chunk of bytes into pieces, scored, decoded (Viterbi) and sampled
 * (Viterbi sampling). One instance per thread: it reuses its arrays from chunk to chunk.
 *
 * <p>Edges are visited start by start (prefix walks in the trie). For each end position that
 * visits incoming edges from the longest piece to the shortest, the order in which the
 * reference's Aho-Corasick automaton reports them, so ties between equal scores resolve alike.
 */
final class Lattice {
    private double[] best = new double[0];
    private int[] backStart = new int[0];
    private int[] backPiece = new int[0];
    private int[] reversed = new int[0];

    private void ensure(int length) {
        if (best.length <= length) {
            int capacity = Math.max(length + 1, best.length * 2);
            best = new double[capacity];
            backStart = new int[capacity];
            backPiece = new int[capacity];
            reversed = new int[capacity];
        }
    }

    /** Appends the ids of the best segmentation of {@code text[from, to)}. */
    void viterbi(byte[] text, int from, int to, ByteTrie trie, double[] scores, IntArrayList out) {
        int n = to - from;
        ensure(n);
        double[] best = this.best;
        int[] backStart = this.backStart;
        int[] backPiece = this.backPiece;
        int[] units = trie.units; // the trie's walk, inlined: this loop is the tokenizer's hot path
        best[0] = 0;
        Arrays.fill(best, 1, n + 1, Double.NEGATIVE_INFINITY);
        for (int s = 0; s < n; s++) {
            double start = best[s];
            int node = 0;
            for (int i = from + s; i < to; i++) {
                int t = units[node * ByteTrie.STRIDE] + (text[i] & 0xFF) + 1;
                if (units[t * ByteTrie.STRIDE + 1] != node) {
                    break;
                }
                node = t;
                int piece = units[t * ByteTrie.STRIDE + 2];
                if (piece >= 0) {
                    int e = i - from + 1;
                    double score = start + scores[piece];
                    if (score > best[e]) { // strictly: the first (longest) of equal candidates stays
                        best[e] = score;
                        backStart[e] = s;
                        backPiece[e] = piece;
                    }
                }
            }
        }
        backtrack(n, out);
    }

    /**
     * Appends the ids of a segmentation drawn with probability proportional to
     * prod p(piece)^alpha: forward sums by log-sum-exp, each end keeping one incoming edge with
     * probability proportional to its weight (reservoir sampling), then the backtrack.
     */
    void sample(
            byte[] text,
            int from,
            int to,
            ByteTrie trie,
            double[] scores,
            double alpha,
            SplittableRandom random,
            IntArrayList out) {
        int n = to - from;
        ensure(n);
        best[0] = 0;
        Arrays.fill(best, 1, n + 1, Double.NEGATIVE_INFINITY);
        for (int s = 0; s < n; s++) {
            double start = best[s];
            int node = 0;
            for (int e = s + 1; e <= n; e++) {
                node = trie.next(node, text[from + e - 1]);
                if (node == ByteTrie.NONE) {
                    break;
                }
                int piece = trie.value(node);
                if (piece < 0) {
                    continue;
                }
                double score = start + alpha * scores[piece];
                double previous = best[e];
                if (previous == Double.NEGATIVE_INFINITY) {
                    best[e] = score;
                    backStart[e] = s;
                    backPiece[e] = piece;
                } else {
                    double total = logSumExp(previous, score);
                    best[e] = total;
                    if (random.nextDouble() < Math.exp(score - total)) {
                        backStart[e] = s;
                        backPiece[e] = piece;
                    }
                }
            }
        }
        backtrack(n, out);
    }

    private static double logSumExp(double x, double y) {
        return x >= y ? x + Math.log1p(Math.exp(y - x)) : y + Math.log1p(Math.exp(x - y));
    }

    private void backtrack(int n, IntArrayList out) {
        int count = 0;
        for (int e = n; e > 0; e = backStart[e]) {
            reversed[count++] = backPiece[e] + PieceModel.FIRST_PIECE_ID;
        }
        int size = out.size();
        out.size(size + count); // grown once, then filled in place
        int[] ids = out.elements();
        for (int i = 0; i < count; i++) {
            ids[size + i] = reversed[count - 1 - i];
        }
    }
}
