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
        int positive = 0;
        while (positive < n && weights[ranked[positive]] > 0) {
            positive++;
        }
        int kept = bias.topK() > 0 ? Math.min(bias.topK(), positive) : positive;
        if (bias.topP() < 1.0) {
            double mass = 0;
            for (int i = 0; i < kept; i++) {
                mass += weights[ranked[i]];
            }
            double target = bias.topP() * mass * (1 - NUCLEUS_SLACK);
            double cumulative = 0;
            int nucleus = 0;
            while (nucleus < kept && cumulative < target) {
                cumulative += weights[ranked[nucleus++]];
            }
            kept = nucleus;
        }
        for (int i = kept; i < n; i++) {
            weights[ranked[i]] = 0;
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
            weights[i] = probabilities[i] > 0 ? Math.exp((Math.log(probabilities[i]) - maxLog) / temperature) : 0;
        }
        return weights;
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
