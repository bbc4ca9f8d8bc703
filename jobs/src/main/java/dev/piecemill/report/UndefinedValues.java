package dev.piecemill.report;

import java.util.Map;

/** Why a metric can be infinite or NaN, said under its plot where such values occur. */
final class UndefinedValues {
    private UndefinedValues() {}

    private static final Map<String, String> WHY = Map.of(
            "kl_to_reference", "KL is infinite once a generation holds a token the reference lacks "
                    + "(js_to_reference stays finite)",
            "sample_perplexity_reference", "infinite when the reference's model gives a token of the corpus "
                    + "probability 0 (no smoothing); NaN without tokens",
            "heldout_perplexity", "NaN when no held-out token is in the model's support, or with no held-out "
                    + "documents (--heldout-fraction 0)",
            "heldout_oov_rate", "NaN with no held-out documents (--heldout-fraction 0)",
            "heldout_bytes_per_token", "NaN with no held-out documents (--heldout-fraction 0)",
            "zipf_exponent", "NaN with fewer than two types, where a slope is undefined",
            "tail_mass", "NaN when the reference has no tokens");

    /** "; because ..." for the metric, or "" when nothing specific is known. */
    static String why(String metric) {
        String reason = WHY.get(metric);
        if (reason == null && metric.startsWith("distinct_")) {
            reason = "NaN when a corpus has no n-gram of that length";
        }
        return reason == null ? "" : "; " + reason;
    }
}
