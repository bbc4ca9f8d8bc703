package dev.piecemill.metrics;

import dev.piecemill.lm.TokenCorpus;

/**
 * Computes {@link CorpusMetrics} of any generation against a fixed generation-0 corpus, whose
 * unigram distribution and n-gram index are built once.
 */
public final class CorpusMetricsCalculator {
    private final TokenFrequencies generation0;
    private final NgramOverlap overlap;

    /** Against generation 0, n-gram overlap with n = {@link NgramOverlap#DEFAULT_N}. */
    public CorpusMetricsCalculator(TokenCorpus generation0) {
        this(generation0, NgramOverlap.DEFAULT_N);
    }

    public CorpusMetricsCalculator(TokenCorpus generation0, int overlapN) {
        this.generation0 = TokenFrequencies.of(generation0);
        this.overlap = new NgramOverlap(generation0, overlapN);
    }

    public CorpusMetrics compute(TokenCorpus corpus) {
        TokenFrequencies frequencies = TokenFrequencies.of(corpus);
        double[] distinct = DistinctNgrams.ratios(corpus, CorpusMetrics.MAX_DISTINCT_N);
        return CorpusMetrics.of(corpus.documentCount(), frequencies, generation0, distinct, overlap.score(corpus));
    }
}
