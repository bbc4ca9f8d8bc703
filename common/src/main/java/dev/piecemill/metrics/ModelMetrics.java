package dev.piecemill.metrics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The metrics of one generation's models (its language model and tokenizer), next to the
 * corpus metrics of {@link CorpusMetrics}.
 *
 * @param heldoutPerplexity     held-out real text under this generation's language model (per token, EOS included;
 *                              tokens outside the model's support left out, see {@link dev.piecemill.lm.LogLoss})
 * @param heldoutOovRate        share of held-out tokens outside the model's support
 * @param samplePerplexityReference  this generation's corpus under generation 0's language model
 * @param vocabOverlapGen0      share of generation 0's tokenizer pieces this generation's tokenizer holds
 * @param heldoutBytesPerToken  UTF-8 bytes of held-out real text per token of this generation's tokenizer
 */
public record ModelMetrics(double heldoutPerplexity, double heldoutOovRate, double samplePerplexityReference,
                           double vocabOverlapGen0, double heldoutBytesPerToken) {

    public static final List<String> COLUMNS = List.of("heldout_perplexity", "heldout_oov_rate",
            "sample_perplexity_reference", "vocab_overlap_gen0", "heldout_bytes_per_token");

    /** The metrics by column name, in {@link #COLUMNS} order. */
    public Map<String, Double> toMap() {
        double[] values = {heldoutPerplexity, heldoutOovRate, samplePerplexityReference, vocabOverlapGen0, heldoutBytesPerToken};
        Map<String, Double> map = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) {
            map.put(COLUMNS.get(i), values[i]);
        }
        return map;
    }
}
