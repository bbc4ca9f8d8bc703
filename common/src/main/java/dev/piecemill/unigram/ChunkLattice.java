package dev.piecemill.unigram;

import dev.piecemill.piece.ByteTrie;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import java.util.Arrays;

/**
 * The E-step on one chunk: forward-backward over every segmentation into the vocabulary's
 * pieces, adding each piece's posterior count, and optionally the Viterbi segmentation's counts.
 * Forward and backward sums are kept in linear space, rescaled by powers of two whenever they
 * leave [2^-256, 2^256], so no logarithm or exponential is taken per edge. One instance per
 * thread; arrays are reused from chunk to chunk.
 */
public final class ChunkLattice {
    private static final double HIGH = 0x1p256;
    private static final double LOW = 0x1p-256;
    private static final int STEP = 256;
    private static final int S = ByteTrie.STRIDE;

    private final int[] trie;
    /** Each piece's probability and its logarithm side by side: one cache line for both. */
    private final double[] probabilityAndLog;

    private final int window;
    private double[] forward = new double[0];
    private int[] forwardExponent = new int[0];
    private double[] backward = new double[0];
    private double[] best = new double[0];
    private int[] backStart = new int[0];
    private int[] backPiece = new int[0];
    /** The edges leaving position s are edgeEnd/edgePiece[edgeFrom[s], edgeFrom[s + 1]). */
    private int[] edgeFrom = new int[0];

    private int[] edgeEnd = new int[0];
    private int[] edgePiece = new int[0];
    private double[] edgeProbability = new double[0];
    private final double[] posterior;
    private final IntArrayList touched = new IntArrayList();

    public ChunkLattice(Vocabulary vocabulary) {
        this.trie = vocabulary.trie().units();
        double[] p = vocabulary.probabilities();
        double[] logs = vocabulary.logProbabilities();
        this.probabilityAndLog = new double[2 * p.length];
        for (int i = 0; i < p.length; i++) {
            probabilityAndLog[2 * i] = p[i];
            probabilityAndLog[2 * i + 1] = logs[i];
        }
        this.window = vocabulary.maxPieceBytes();
        this.posterior = new double[vocabulary.size()];
    }

    private void ensure(int n) {
        if (forward.length <= n) {
            int capacity = Math.max(n + 1, forward.length * 2);
            forward = new double[capacity];
            forwardExponent = new int[capacity];
            backward = new double[capacity];
            best = new double[capacity];
            backStart = new int[capacity];
            backPiece = new int[capacity];
            edgeFrom = new int[capacity + 1];
        }
        if (edgeEnd.length < n) {
            edgeEnd = new int[Math.max(n, 64)];
            edgePiece = new int[edgeEnd.length];
            edgeProbability = new double[edgeEnd.length];
        }
    }

    private void growEdges() {
        edgeEnd = Arrays.copyOf(edgeEnd, edgeEnd.length * 2);
        edgePiece = Arrays.copyOf(edgePiece, edgePiece.length * 2);
        edgeProbability = Arrays.copyOf(edgeProbability, edgeProbability.length * 2);
    }

    /** Adds the statistics of {@code text[from, to)} to {@code totals}. */
    void add(byte[] text, int from, int to, PassTotals totals) {
        int n = to - from;
        if (n == 0) {
            return;
        }
        ensure(n);
        boolean viterbi = totals.kind.viterbi();
        if (totals.kind.expected()) {
            forwardPass(text, from, to, true, viterbi);
            double logZ = Math.log(forward[n]) - forwardExponent[n] * Math.log(2);
            backwardPass(n);
            for (int i = 0, k = touched.size(); i < k; i++) {
                int piece = touched.getInt(i);
                totals.expected[piece] += Math.round(posterior[piece] * PassTotals.SCALE);
                posterior[piece] = 0;
            }
            touched.clear();
            totals.logLikelihood += Math.round(logZ * PassTotals.SCALE);
        } else {
            forwardPass(text, from, to, false, true);
        }
        totals.bytes += n;
        totals.chunks++;
        if (viterbi) {
            for (int e = n; e > 0; e = backStart[e]) {
                totals.viterbi[backPiece[e]]++;
                totals.viterbiTokens++;
            }
        }
    }

    /**
     * One sweep over the chunk's edges, start by start, in the tokenizer's order: with
     * {@code sums}, the forward sums (rescaled) and the edges recorded for the backward pass;
     * with {@code viterbi}, the best path (strict improvement: the first of equal candidates stays).
     */
    private void forwardPass(byte[] text, int from, int to, boolean sums, boolean viterbi) {
        int n = to - from;
        double[] a = forward;
        int[] units = trie;
        if (sums) {
            Arrays.fill(a, 0, n + 1, 0.0);
            a[0] = 1;
        }
        if (viterbi) {
            best[0] = 0;
            Arrays.fill(best, 1, n + 1, Double.NEGATIVE_INFINITY);
        }
        int exponent = 0;
        int edges = 0;
        for (int s = 0; s < n; s++) {
            double as = 0;
            if (sums) {
                edgeFrom[s] = edges;
                as = a[s];
                if (as < LOW || as > HIGH) {
                    int shift = as < LOW ? STEP : -STEP;
                    for (int j = s, end = Math.min(n, s + window); j <= end; j++) {
                        a[j] = Math.scalb(a[j], shift);
                    }
                    exponent += shift;
                    as = a[s];
                }
                forwardExponent[s] = exponent;
            }
            double bs = viterbi ? best[s] : 0;
            int node = 0;
            for (int i = from + s; i < to; i++) {
                int t = units[node * S] + (text[i] & 0xFF) + 1;
                if (units[t * S + 1] != node) {
                    break;
                }
                node = t;
                int piece = units[t * S + 2];
                if (piece < 0) {
                    continue;
                }
                int e = i - from + 1;
                if (sums) {
                    if (edges == edgeEnd.length) {
                        growEdges();
                    }
                    double p = probabilityAndLog[2 * piece];
                    edgeEnd[edges] = e;
                    edgePiece[edges] = piece;
                    edgeProbability[edges++] = p;
                    a[e] += as * p;
                }
                if (viterbi) {
                    double score = bs + probabilityAndLog[2 * piece + 1];
                    if (score > best[e]) {
                        best[e] = score;
                        backStart[e] = s;
                        backPiece[e] = piece;
                    }
                }
            }
        }
        if (sums) {
            edgeFrom[n] = edges;
            if (a[n] < LOW || a[n] > HIGH) {
                int shift = a[n] < LOW ? STEP : -STEP;
                a[n] = Math.scalb(a[n], shift);
                exponent += shift;
            }
            forwardExponent[n] = exponent;
        }
    }

    /** Backward sums, and each edge's posterior alpha(s) p beta(e) / Z added to its piece. */
    private void backwardPass(int n) {
        double[] a = forward;
        double[] b = backward;
        b[n] = 1;
        int exponent = 0; // of every backward value in the window: beta = b * 2^-exponent
        double inverseZ = 1 / a[n];
        int zExponent = forwardExponent[n];
        for (int s = n - 1; s >= 0; s--) {
            int shift = zExponent - forwardExponent[s] - exponent;
            double factor = shift == 0 ? a[s] * inverseZ : Math.scalb(a[s] * inverseZ, shift);
            double sum = 0;
            for (int k = edgeFrom[s], last = edgeFrom[s + 1]; k < last; k++) {
                int piece = edgePiece[k];
                double w = edgeProbability[k] * b[edgeEnd[k]];
                sum += w;
                double post = factor * w;
                if (post > 0) {
                    if (posterior[piece] == 0) {
                        touched.add(piece);
                    }
                    posterior[piece] += post;
                }
            }
            b[s] = sum;
            if (sum < LOW || sum > HIGH) {
                int rescale = sum < LOW ? STEP : -STEP;
                for (int j = s, end = Math.min(n, s + window); j <= end; j++) {
                    b[j] = Math.scalb(b[j], rescale);
                }
                exponent += rescale;
            }
        }
    }
}
