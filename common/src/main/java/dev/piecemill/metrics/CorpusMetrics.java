package dev.piecemill.metrics;

import java.util.function.ToDoubleFunction;

/**
 * The metrics of one corpus (one generation), over content tokens; their columns are
 * {@link Metric}'s.
 *
 * @param tokens          content tokens
 * @param documents       documents
 * @param types           distinct tokens
 * @param entropy         Shannon entropy of the unigram distribution, nats
 * @param giniSimpson     1 - sum p^2
 * @param distinct1       distinct unigrams / unigrams ({@link DistinctNgrams}); likewise 2..4
 * @param klToReference        KL(p_t || p_0), nats; +infinity if p_t has a token p_0 lacks
 * @param jsToReference        Jensen-Shannon divergence between p_t and p_0, nats
 * @param tailMass        generation-0 probability of the surviving generation-0 tail ({@link TailMass})
 * @param ngramPrecision  share of this corpus's n-gram occurrences found in generation 0 ({@link NgramOverlap})
 * @param ngramRecall     share of generation 0's distinct n-grams this corpus contains
 * @param ngramRecallMass share of generation 0's n-gram occurrences whose n-gram this corpus contains
 * @param zipfExponent    minus the log-log slope of count against rank ({@link UnigramDiversity#zipfExponent})
 */
public record CorpusMetrics(
        long tokens,
        int documents,
        int types,
        double entropy,
        double giniSimpson,
        double distinct1,
        double distinct2,
        double distinct3,
        double distinct4,
        double klToReference,
        double jsToReference,
        double tailMass,
        double ngramPrecision,
        double ngramRecall,
        double ngramRecallMass,
        double zipfExponent) {

    /** distinct-n is reported for n = 1..4. */
    public static final int MAX_DISTINCT_N = 4;

    /**
     * The metrics of a corpus from its parts, however they were gathered (in memory, or by a
     * distributed job): its unigram distribution, generation 0's, distinct-n for n = 1..4, and the
     * n-gram overlap scores against generation 0.
     */
    public static CorpusMetrics of(
            int documents,
            TokenFrequencies frequencies,
            TokenFrequencies generation0,
            double[] distinct,
            NgramOverlap.Scores overlap) {
        if (distinct.length != MAX_DISTINCT_N) {
            throw new IllegalArgumentException("distinct-n for n = 1.." + MAX_DISTINCT_N + " expected");
        }
        return new CorpusMetrics(
                frequencies.total(),
                documents,
                frequencies.types(),
                UnigramDiversity.entropy(frequencies),
                UnigramDiversity.giniSimpson(frequencies),
                distinct[0],
                distinct[1],
                distinct[2],
                distinct[3],
                Divergence.kullbackLeibler(frequencies, generation0),
                Divergence.jensenShannon(frequencies, generation0),
                TailMass.of(generation0, frequencies),
                overlap.precision(),
                overlap.recall(),
                overlap.recallByMass(),
                UnigramDiversity.zipfExponent(frequencies));
    }

    /** The metrics read back by their {@link Metric}s, as from a row of the metrics table. */
    public static CorpusMetrics from(ToDoubleFunction<Metric> value) {
        return new CorpusMetrics(
                (long) value.applyAsDouble(Metric.TOKENS),
                (int) value.applyAsDouble(Metric.DOCUMENTS),
                (int) value.applyAsDouble(Metric.TYPES),
                value.applyAsDouble(Metric.ENTROPY),
                value.applyAsDouble(Metric.GINI_SIMPSON),
                value.applyAsDouble(Metric.DISTINCT_1),
                value.applyAsDouble(Metric.DISTINCT_2),
                value.applyAsDouble(Metric.DISTINCT_3),
                value.applyAsDouble(Metric.DISTINCT_4),
                value.applyAsDouble(Metric.KL_TO_REFERENCE),
                value.applyAsDouble(Metric.JS_TO_REFERENCE),
                value.applyAsDouble(Metric.TAIL_MASS),
                value.applyAsDouble(Metric.NGRAM_PRECISION),
                value.applyAsDouble(Metric.NGRAM_RECALL),
                value.applyAsDouble(Metric.NGRAM_RECALL_MASS),
                value.applyAsDouble(Metric.ZIPF_EXPONENT));
    }

    /** One metric by its column name. */
    public double get(String column) {
        return Metric.ofColumn(column).of(this);
    }
}
