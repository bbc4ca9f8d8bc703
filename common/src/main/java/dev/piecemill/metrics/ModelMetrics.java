package dev.piecemill.metrics;

import java.util.function.ToDoubleFunction;

/**
 * The metrics of one generation's models (its language model and tokenizer), next to the
 * corpus metrics of {@link CorpusMetrics}; their columns are {@link Metric}'s.
 *
 * @param heldoutPerplexity     held-out real text under this generation's language model (per token, EOS included;
 *                              tokens outside the model's support left out, see {@link dev.piecemill.lm.LogLoss})
 * @param heldoutOovRate        share of held-out tokens outside the model's support
 * @param samplePerplexityReference  this generation's corpus under generation 0's language model
 * @param vocabOverlapGen0      share of generation 0's tokenizer pieces this generation's tokenizer holds
 * @param heldoutBytesPerToken  UTF-8 bytes of held-out real text per token of this generation's tokenizer
 */
public record ModelMetrics(
        double heldoutPerplexity,
        double heldoutOovRate,
        double samplePerplexityReference,
        double vocabOverlapGen0,
        double heldoutBytesPerToken) {

    /** The metrics read back by their {@link Metric}s, as from a row of the metrics table. */
    public static ModelMetrics from(ToDoubleFunction<Metric> value) {
        return new ModelMetrics(
                value.applyAsDouble(Metric.HELDOUT_PERPLEXITY),
                value.applyAsDouble(Metric.HELDOUT_OOV_RATE),
                value.applyAsDouble(Metric.SAMPLE_PERPLEXITY_REFERENCE),
                value.applyAsDouble(Metric.VOCAB_OVERLAP_GEN0),
                value.applyAsDouble(Metric.HELDOUT_BYTES_PER_TOKEN));
    }
}
