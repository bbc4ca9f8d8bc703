package dev.piecemill.lm;

import dev.piecemill.util.UserError;

/**
 * How sampling departs from the model's distribution, applied in this order: temperature
 * ({@code p^(1/T)} renormalized), then top-k (the k most probable tokens), then top-p (the
 * smallest set of most probable tokens holding at least P of the remaining mass). Ranking is by
 * probability, ties broken by the lower token id, so the kept set is deterministic.
 *
 * @param temperature T > 0; 1 leaves the distribution alone
 * @param topK        k >= 1 keeps the k most probable tokens; 0 keeps all
 * @param topP        P in (0, 1]; 1 keeps all
 */
public record SamplingBias(double temperature, int topK, double topP) implements java.io.Serializable {
    public static final SamplingBias NONE = new SamplingBias(1.0, 0, 1.0);

    public SamplingBias {
        if (!(temperature > 0) || !Double.isFinite(temperature)) {
            throw new UserError("temperature must be finite and > 0, got " + temperature);
        }
        if (topK < 0) {
            throw new UserError("top-k must be >= 0, got " + topK);
        }
        if (!(topP > 0 && topP <= 1)) {
            throw new UserError("top-p must be in (0, 1], got " + topP);
        }
    }

    public static SamplingBias temperature(double temperature) {
        return new SamplingBias(temperature, 0, 1.0);
    }

    public static SamplingBias topK(int k) {
        return new SamplingBias(1.0, k, 1.0);
    }

    public static SamplingBias topP(double p) {
        return new SamplingBias(1.0, 0, p);
    }

    /** True when sampling follows the model's distribution exactly. */
    public boolean isUnbiased() {
        return temperature == 1.0 && topK == 0 && topP == 1.0;
    }

    /** True when ranking the tokens is needed (top-k or top-p). */
    boolean truncates() {
        return topK > 0 || topP < 1.0;
    }
}
