package dev.piecemill.lm;

import java.util.SplittableRandom;

/**
 * Smoothing NONE: {@code P(w | h) = c(h w) / c(h .)} in the full context; undefined in a context
 * never seen in training, and 0 for a token the context never saw.
 */
final class MaximumLikelihood extends Estimator {
    private static final long serialVersionUID = 1L;

    MaximumLikelihood(NgramCounts counts) {
        super(counts);
    }

    @Override
    boolean isDefinedAt(int deepest) {
        return counts.isFull(deepest);
    }

    @Override
    double probability(int[] chain, int deepest, int index) {
        if (!counts.isFull(deepest)) {
            return 0;
        }
        int node = chain[deepest];
        return (double) counts.count(node, index) / counts.total(node);
    }

    @Override
    double probabilityBound(int[] chain, int deepest) {
        return (double) counts.maxCount(chain[deepest]) / counts.total(chain[deepest]);
    }

    @Override
    double[] distribution(int[] chain, int deepest) {
        double[] p = new double[counts.supportSize()];
        int node = chain[deepest];
        double total = counts.total(node);
        for (int e = counts.firstEntry(node); e < counts.endEntry(node); e++) {
            p[counts.entryIndex(e)] = counts.entryCount(node, e) / total;
        }
        return p;
    }

    /** From the context's cumulative counts. */
    @Override
    int draw(int[] chain, int deepest, SplittableRandom random) {
        return counts.drawObserved(chain[deepest], 0, random.nextLong(counts.total(chain[deepest])));
    }

    /** Only the context's observed continuations can be drawn, so only they are weighed. */
    @Override
    int denseBiasedDraw(int[] chain, int deepest, SamplingBias bias, SplittableRandom random) {
        int node = chain[deepest];
        int from = counts.firstEntry(node);
        int n = counts.endEntry(node) - from;
        double[] p = new double[n];
        int[] indices = new int[n];
        double total = counts.total(node);
        for (int i = 0; i < n; i++) {
            p[i] = counts.entryCount(node, from + i) / total;
            indices[i] = counts.entryIndex(from + i);
        }
        return indices[BiasedDraw.draw(p, indices, n, bias, random)];
    }

    @Override
    int firstCandidateDepth(int deepest) {
        return deepest;
    }

    @Override
    int rankedTail(int[] chain, int deepest, boolean[] isCandidate, int[] tail, double[] tailP) {
        return constantTail(0, isCandidate, tail, tailP);
    }
}
