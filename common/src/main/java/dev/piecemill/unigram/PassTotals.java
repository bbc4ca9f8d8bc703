package dev.piecemill.unigram;

import java.io.Serializable;

/**
 * What one pass over the corpus gathers for a vocabulary: expected piece counts (posterior sums
 * of the lattice), the Viterbi segmentation's piece counts, the log-likelihood, tokens and bytes.
 * Every figure is a long (expected counts and log-likelihood in fixed point, rounded per chunk),
 * so partial totals add up to the same bits in any order: the trained model does not depend on
 * how the corpus is partitioned.
 */
public final class PassTotals implements Serializable {
    private static final long serialVersionUID = 1L;
    /** Fixed-point scale of expected counts and of the log-likelihood. */
    static final double SCALE = 1 << 20;

    final long[] expected;
    final long[] viterbi;
    long logLikelihood;
    long viterbiTokens;
    long bytes;
    long chunks;

    public PassTotals(int vocabularySize, PassKind kind) {
        this.kind = kind;
        expected = kind.expected() ? new long[vocabularySize] : null;
        viterbi = kind.viterbi() ? new long[vocabularySize] : null;
    }

    final PassKind kind;

    /** Adds {@code other} into this one and returns this. */
    public PassTotals add(PassTotals other) {
        if (expected != null) {
            for (int i = 0; i < expected.length; i++) {
                expected[i] += other.expected[i];
            }
        }
        if (viterbi != null) {
            for (int i = 0; i < viterbi.length; i++) {
                viterbi[i] += other.viterbi[i];
            }
        }
        logLikelihood += other.logLikelihood;
        viterbiTokens += other.viterbiTokens;
        bytes += other.bytes;
        chunks += other.chunks;
        return this;
    }

    public double expectedCount(int piece) {
        return expected[piece] / SCALE;
    }

    public long viterbiCount(int piece) {
        return viterbi[piece];
    }

    /** Natural log of the corpus's probability under the vocabulary (sum over chunks). */
    public double logLikelihood() {
        return logLikelihood / SCALE;
    }

    public long viterbiTokens() {
        return viterbiTokens;
    }

    public long bytes() {
        return bytes;
    }

    public long chunks() {
        return chunks;
    }

    public double bytesPerToken() {
        return viterbiTokens == 0 ? Double.NaN : (double) bytes / viterbiTokens;
    }
}
