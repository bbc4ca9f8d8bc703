package dev.piecemill.lm;

import it.unimi.dsi.fastutil.ints.IntArrays;
import java.util.SplittableRandom;

/**
 * Sampling bias applied to an explicit distribution: temperature, then top-k, then top-p, then
 * one draw. Costs O(n) for temperature alone and O(n log n) when top-k or top-p has to rank the
 * n candidates.
 */
final class BiasedDraw {
    /** Relative slack when comparing the nucleus's cumulative mass with P (float sums of ties). */
    private static final double NUCLEUS_SLACK = 1e-12;

    private BiasedDraw() {}

    /**
     * The biased, unnormalized weights of {@code n} candidates with the given probabilities;
     * dropped candidates get weight 0. {@code tieOrder} (ascending token ids or dense indices)
     * breaks ties between equal weights: the lower one ranks first.
     */
    static double[] weights(double[] probabilities, int[] tieOrder, int n, SamplingBias bias) {
        double[] weights = tempered(probabilities, n, bias.temperature());
        if (!bias.truncates()) {
            return weights;
        }
        int[] ranked = rankByProbability(probabilities, tieOrder, n);
        double[] rankedWeights = new double[n];
        for (int i = 0; i < n; i++) {
            rankedWeights[i] = weights[ranked[i]];
        }
        for (int i = keptCount(rankedWeights, n, bias); i < n; i++) {
            weights[ranked[i]] = 0;
        }
        return weights;
    }

    /**
     * How many of {@code n} ranked candidates a truncating bias keeps (a prefix of the ranking),
     * given their tempered weights in rank order. Shared by the dense draw and the model's kept
     * sets, so both cut at the same float sums.
     */
    static int keptCount(double[] rankedWeights, int n, SamplingBias bias) {
        int positive = 0;
        while (positive < n && rankedWeights[positive] > 0) {
            positive++;
        }
        int kept = bias.topK() > 0 ? Math.min(bias.topK(), positive) : positive;
        if (bias.topP() < 1.0) {
            double mass = 0;
            for (int i = 0; i < kept; i++) {
                mass += rankedWeights[i];
            }
            double target = bias.topP() * mass * (1 - NUCLEUS_SLACK);
            double cumulative = 0;
            int nucleus = 0;
            while (nucleus < kept && cumulative < target) {
                cumulative += rankedWeights[nucleus++];
            }
            kept = nucleus;
        }
        return kept;
    }

    /**
     * Tempered weights of probabilities already ranked (descending), as {@link #weights} computes
     * them; equal neighbours share one exp, which makes long tied tails cheap.
     */
    static double[] temperedRanked(double[] rankedProbabilities, int n, double temperature) {
        double[] weights = new double[n];
        if (temperature == 1.0) {
            System.arraycopy(rankedProbabilities, 0, weights, 0, n);
            return weights;
        }
        double maxLog =
                n > 0 && rankedProbabilities[0] > 0 ? Math.log(rankedProbabilities[0]) : Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            double p = rankedProbabilities[i];
            if (i > 0 && p == rankedProbabilities[i - 1]) {
                weights[i] = weights[i - 1];
            } else {
                weights[i] = temper(p, maxLog, temperature);
            }
        }
        return weights;
    }

    /** Draws a position in 0..n-1 with probability proportional to the biased weights. */
    static int draw(double[] probabilities, int[] tieOrder, int n, SamplingBias bias, SplittableRandom random) {
        double[] weights = weights(probabilities, tieOrder, n, bias);
        double total = 0;
        for (int i = 0; i < n; i++) {
            total += weights[i];
        }
        if (!(total > 0)) {
            throw new IllegalStateException("no candidate has positive probability");
        }
        double u = random.nextDouble() * total;
        int last = -1;
        for (int i = 0; i < n; i++) {
            if (weights[i] > 0) {
                last = i;
                u -= weights[i];
                if (u < 0) {
                    return i;
                }
            }
        }
        return last; // float rounding left u a hair above the total
    }

    /** p^(1/T), scaled by the largest weight to stay in range for small T. */
    private static double[] tempered(double[] probabilities, int n, double temperature) {
        double[] weights = new double[n];
        if (temperature == 1.0) {
            System.arraycopy(probabilities, 0, weights, 0, n);
            return weights;
        }
        double maxLog = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            if (probabilities[i] > 0) {
                maxLog = Math.max(maxLog, Math.log(probabilities[i]));
            }
        }
        for (int i = 0; i < n; i++) {
            weights[i] = temper(probabilities[i], maxLog, temperature);
        }
        return weights;
    }

    private static double temper(double p, double maxLog, double temperature) {
        return p > 0 ? Math.exp((Math.log(p) - maxLog) / temperature) : 0;
    }

    /** Ranked by probability, not by tempered weight: the same order, without the ties rounding can make. */
    private static int[] rankByProbability(double[] probabilities, int[] tieOrder, int n) {
        int[] ranked = new int[n];
        for (int i = 0; i < n; i++) {
            ranked[i] = i;
        }
        IntArrays.quickSort(ranked, (a, b) -> {
            int byProbability = Double.compare(probabilities[b], probabilities[a]);
            return byProbability != 0 ? byProbability : Integer.compare(tieOrder[a], tieOrder[b]);
        });
        return ranked;
    }
}
