package dev.piecemill.train;

import java.util.Arrays;

/**
 * Pass 2 of training: segments a chunk with the byte n-gram model. State j at byte i means
 * "byte i is the (j+1)-th byte of the current piece, predicted from j bytes of context" (the
 * context capped at order-1); a piece starts wherever the best path is in state 0.
 *
 * <p>The arithmetic copies the reference's numpy expression exactly, since ties decide cuts:
 * the score of moving from state f to state t is {@code (best[f] + 0) + node[t]}, computed for
 * each t; the winner is the first f with the maximum, and when every candidate is -infinity
 * (a pruned n-gram) the winner is state 0, as numpy's argmax gives. Not thread-safe: one per
 * thread.
 */
public final class BnlmSegmenter {
    private final ByteNgramModel model;
    private final int order;
    private final boolean ensureUnicode;
    private double[] previous;
    private double[] current;
    private final double[] node;
    private int[] routes = new int[0];
    private int[] states = new int[0];

    public BnlmSegmenter(ByteNgramModel model, boolean ensureUnicode) {
        this.model = model;
        this.order = model.order();
        this.ensureUnicode = ensureUnicode;
        this.previous = new double[order];
        this.current = new double[order];
        this.node = new double[order];
    }

    /** Receives each piece of a chunk as a byte range. */
    @FunctionalInterface
    public interface PieceSink {
        void piece(byte[] chunk, int from, int to);
    }

    public void segment(byte[] chunk, PieceSink sink) {
        int n = chunk.length;
        if (n == 0) {
            return;
        }
        if (routes.length < n * order) {
            routes = new int[Math.max(n * order, routes.length * 2)];
            states = new int[Math.max(n, states.length * 2)];
        }
        nodeScores(chunk, 0, previous);
        for (int i = 1; i < n; i++) {
            nodeScores(chunk, i, node);
            step(i);
            double[] t = previous;
            previous = current;
            current = t;
        }
        int state = argmax(previous);
        states[n - 1] = state;
        for (int i = n - 1; i >= 1; i--) {
            state = routes[i * order + state];
            states[i - 1] = state;
        }
        int start = 0;
        for (int i = 1; i < n; i++) {
            if (states[i] == 0) {
                sink.piece(chunk, start, i);
                start = i;
            }
        }
        sink.piece(chunk, start, n);
    }

    /**
     * Node scores of byte i: lp of the (j+1)-gram ending there for each state j. An n-gram whose
     * suffix was pruned was pruned too (it is no more frequent), so lookups stop at the first miss.
     */
    private void nodeScores(byte[] chunk, int i, double[] out) {
        Arrays.fill(out, Double.NEGATIVE_INFINITY);
        int maxState = Math.min(i, order - 1);
        long bits = chunk[i] & 0xFF;
        for (int j = 0; j <= maxState; j++) {
            if (j > 0) {
                bits |= (long) (chunk[i - j] & 0xFF) << (8 * j);
            }
            double lp = model.logProb(ByteNgramKeys.withLength(bits, j + 1));
            if (lp == Double.NEGATIVE_INFINITY) {
                break;
            }
            out[j] = lp;
        }
        if (ensureUnicode && (chunk[i] & 0xC0) == 0x80) {
            out[0] = Double.NEGATIVE_INFINITY; // a continuation byte cannot start a piece
        }
    }

    /** One Viterbi step into byte i: {@code current} and the routes from {@code previous} and {@code node}. */
    private void step(int i) {
        int base = i * order;
        // State 0: reachable from every state.
        double best = Double.NEGATIVE_INFINITY;
        int from = 0;
        for (int f = 0; f < order; f++) {
            double s = previous[f] + node[0];
            if (s > best) {
                best = s;
                from = f;
            }
        }
        current[0] = best;
        routes[base] = from;
        // State t (1 <= t < order-1): only from t-1. The last state: from order-2 and from itself.
        for (int t = 1; t < order; t++) {
            double s = previous[t - 1] + node[t];
            int winner = s > Double.NEGATIVE_INFINITY ? t - 1 : 0;
            if (t == order - 1) {
                double stay = previous[t] + node[t];
                if (stay > s) {
                    s = stay;
                    winner = t;
                }
            }
            current[t] = s;
            routes[base + t] = winner;
        }
    }

    private static int argmax(double[] values) {
        int best = 0;
        for (int k = 1; k < values.length; k++) {
            if (values[k] > values[best]) {
                best = k;
            }
        }
        return best;
    }
}
