package dev.piecemill.jobs.report;

import dev.piecemill.metrics.Metric;
import java.util.Map;

/** Why a metric can be infinite or NaN, said under its plot where such values occur. */
final class UndefinedValues {
    private UndefinedValues() {}

    private static final Map<String, String> WHY = Map.of(
            Metric.KL_TO_REFERENCE.column(),
                    "KL is infinite once a generation holds a token the reference lacks "
                            + "(js_to_reference stays finite)",
            Metric.SAMPLE_PERPLEXITY_REFERENCE.column(),
                    "infinite when the reference's model gives a token of the corpus "
                            + "probability 0 (no smoothing); NaN without tokens",
            Metric.HELDOUT_PERPLEXITY.column(),
                    "NaN when no held-out token is in the model's support, or with no held-out "
                            + "documents (--heldout-fraction 0)",
            Metric.HELDOUT_OOV_RATE.column(), "NaN with no held-out documents (--heldout-fraction 0)",
            Metric.HELDOUT_BYTES_PER_TOKEN.column(), "NaN with no held-out documents (--heldout-fraction 0)",
            Metric.ZIPF_EXPONENT.column(), "NaN with fewer than two types, where a slope is undefined",
            Metric.TAIL_MASS.column(), "NaN when the reference has no tokens");

    /** "; because ..." for the metric, or "" when nothing specific is known. */
    static String why(String metric) {
        String reason = WHY.get(metric);
        if (reason == null && metric.startsWith("distinct_")) {
            reason = "NaN when a corpus has no n-gram of that length";
        }
        return reason == null ? "" : "; " + reason;
    }
}
