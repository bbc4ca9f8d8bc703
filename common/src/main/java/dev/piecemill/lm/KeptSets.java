package dev.piecemill.lm;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tokens that truncating biases (top-k, top-p) keep, per bias and context, found as sampling
 * meets them: the ranking is cut once per context and the cut remembered, so later draws there
 * cost a few proposals. Bounded; contexts past the bound are found again each time.
 */
final class KeptSets {
    /** Contexts whose kept set is remembered, per bias (about 100 bytes each). */
    private static final int MAX_PER_BIAS = 500_000;

    /**
     * The tokens a truncating bias keeps in a context: those ranked (probability descending,
     * lower support index first) at or before the last kept one, whose probability and index are
     * {@code lowest} and {@code lowestIndex}; {@code highest} is the top probability.
     */
    record KeptSet(double lowest, int lowestIndex, double highest) {
        boolean contains(double p, int index) {
            return p > lowest || (p == lowest && index <= lowestIndex);
        }
    }

    private final Estimator estimator;
    private final Map<SamplingBias, Map<Integer, KeptSet>> byBias = new ConcurrentHashMap<>();

    KeptSets(Estimator estimator) {
        this.estimator = estimator;
    }

    KeptSet get(int[] chain, int deepest, SamplingBias bias) {
        // The deepest seen context node determines the whole chain, so it keys the context.
        Map<Integer, KeptSet> byContext = byBias.computeIfAbsent(bias, b -> new ConcurrentHashMap<>());
        KeptSet kept = byContext.get(chain[deepest]);
        if (kept == null) {
            kept = find(estimator, chain, deepest, bias);
            if (byContext.size() < MAX_PER_BIAS) {
                byContext.put(chain[deepest], kept);
            }
        }
        return kept;
    }

    /** The kept set, from the context's ranking: a prefix of it, cut where the dense draw cuts. */
    static KeptSet find(Estimator estimator, int[] chain, int deepest, SamplingBias bias) {
        Ranking ranking = estimator.ranking(chain, deepest);
        double[] p = ranking.probabilities();
        int kept = BiasedDraw.keptCount(BiasedDraw.temperedRanked(p, p.length, bias.temperature()), p.length, bias);
        if (kept == 0) {
            throw new IllegalStateException("no candidate has positive probability");
        }
        // Its last entry has the lowest probability and, among those, the highest index.
        return new KeptSet(p[kept - 1], ranking.indices()[kept - 1], p[0]);
    }
}
