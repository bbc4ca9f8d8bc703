package dev.piecemill.lm;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Smoothing ADD_K: {@code P(w | h) = (c(h w) + k) / (c(h .) + k |V|)} over the support V in the
 * full context, and the uniform 1 / |V| in a context never seen in training.
 */
final class AddK extends Estimator {
    private static final long serialVersionUID = 1L;

    private final double k;

    AddK(NgramCounts counts, double k) {
        super(counts);
        this.k = k;
    }

    @Override
    double probability(int[] chain, int deepest, int index) {
        if (!counts.isFull(deepest)) {
            return 1.0 / counts.supportSize();
        }
        int node = chain[deepest];
        return (counts.count(node, index) + k) / (counts.total(node) + k * counts.supportSize());
    }

    @Override
    double probabilityBound(int[] chain, int deepest) {
        if (!counts.isFull(deepest)) {
            return 1.0 / counts.supportSize();
        }
        int node = chain[deepest];
        return (counts.maxCount(node) + k) / (counts.total(node) + k * counts.supportSize());
    }

    @Override
    double[] distribution(int[] chain, int deepest) {
        double[] p = new double[counts.supportSize()];
        boolean seen = counts.isFull(deepest);
        double denominator = (seen ? counts.total(chain[deepest]) : 0) + k * counts.supportSize();
        Arrays.fill(p, k / denominator);
        if (seen) {
            int node = chain[deepest];
            for (int e = counts.firstEntry(node); e < counts.endEntry(node); e++) {
                p[counts.entryIndex(e)] += counts.entryCount(node, e) / denominator;
            }
        }
        return p;
    }

    /** The observed counts with probability c(h) / (c(h) + k |V|), else a uniform token. */
    @Override
    int draw(int[] chain, int deepest, SplittableRandom random) {
        long observed = counts.isFull(deepest) ? counts.total(chain[deepest]) : 0;
        double denominator = observed + k * counts.supportSize();
        if (random.nextDouble() * denominator < observed) {
            return counts.drawObserved(chain[deepest], 0, random.nextLong(observed));
        }
        return random.nextInt(counts.supportSize());
    }

    /** Candidates only in a seen full context; elsewhere every token is uniform. */
    @Override
    int firstCandidateDepth(int deepest) {
        return counts.isFull(deepest) ? deepest : deepest + 1;
    }

    @Override
    int rankedTail(int[] chain, int deepest, boolean[] isCandidate, int[] tail, double[] tailP) {
        double p = !counts.isFull(deepest)
                ? 1.0 / counts.supportSize()
                : (0L + k) / (counts.total(chain[deepest]) + k * counts.supportSize());
        return constantTail(p, isCandidate, tail, tailP);
    }
}
