package dev.piecemill.collapse;

import dev.piecemill.lm.SamplingBias;
import dev.piecemill.lm.Smoothing;
import dev.piecemill.metrics.TokenFrequencies;
import java.util.Map;
import java.util.TreeMap;

/**
 * The exact predictions of shared/reference/model-collapse.md for an unsmoothed, unbiased unigram
 * model, whose content tokens are N i.i.d. draws from the previous generation's frequencies: the
 * expected Gini-Simpson diversity under each loop and the expected number of types, given
 * generation 0 (and the real data in the loop). The science tests and the report's overlays both
 * take them from here.
 */
public final class CollapseTheory {
    private CollapseTheory() {}

    /**
     * What a replicate's predictions start from.
     *
     * @param giniSimpson0    D_0, generation 0's Gini-Simpson
     * @param tokens0         N_0, generation 0's tokens
     * @param realSumSquares  sum r^2 of the real data in the loop: augment's fixed set, or fresh's pool
     *                        (0 for the other loops)
     * @param realCross       sum r p_0 over tokens: the real data against generation 0's frequencies
     * @param countsOfCounts  generation 0's types by count: count -> number of types with it
     */
    public record Start(
            double giniSimpson0,
            long tokens0,
            double realSumSquares,
            double realCross,
            Map<Long, Long> countsOfCounts) {
        /** From generation 0's frequencies and those of the real data in the loop (null when there is none). */
        public static Start of(TokenFrequencies generation0, TokenFrequencies real) {
            double s0 = 0;
            Map<Long, Long> counts = new TreeMap<>();
            for (int rank = 0; rank < generation0.types(); rank++) {
                double p = generation0.probability(generation0.tokenAtRank(rank));
                s0 += p * p;
                counts.merge(generation0.countAtRank(rank), 1L, Long::sum);
            }
            double sr = 0;
            double cross = 0;
            if (real != null) {
                for (int rank = 0; rank < real.types(); rank++) {
                    int token = real.tokenAtRank(rank);
                    double r = real.probability(token);
                    sr += r * r;
                    cross += r * generation0.probability(token);
                }
            }
            return new Start(1 - s0, generation0.total(), sr, cross, counts);
        }

        public long types0() {
            return countsOfCounts.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** Whether a model and its sampling are in the regime these predictions hold for. */
    public static boolean applies(int order, Smoothing smoothing, SamplingBias bias) {
        return order == 1 && smoothing.method() == Smoothing.Method.NONE && bias.equals(SamplingBias.NONE);
    }

    /**
     * E[D_t | generation 0] for t = 0..generations, N tokens a generation, a the real fraction.
     * Fully synthetic is Wright-Fisher drift, D_t = (1 - 1/N) D_(t-1). Augment and fresh mix aN
     * real tokens (a fixed set r, or fresh draws from the pool r) with (1-a)N draws from q_(t-1):
     * with S = E[sum q^2] and C = sum_w r(w) E[q(w)],
     * S_t = a^2 (sum r^2 + [fresh] (1 - sum r^2)/(aN)) + (1-a)^2 S_(t-1) + (1-a)(1 - S_(t-1))/N + 2a(1-a) C_(t-1),
     * C_t = a sum r^2 + (1-a) C_(t-1). Accumulate adds N draws from the corpus so far:
     * D_t = D_(t-1) (1 - N / (N_0 + t N)^2).
     */
    public static double[] giniSimpson(Loop loop, double realFraction, long n, Start start, int generations) {
        double[] d = new double[generations + 1];
        d[0] = start.giniSimpson0();
        double a = loop.mixesRealData() ? realFraction : 0;
        double s = 1 - start.giniSimpson0();
        double cross = start.realCross();
        double sr = start.realSumSquares();
        for (int t = 1; t <= generations; t++) {
            if (loop == Loop.ACCUMULATE) {
                double total = start.tokens0() + (double) t * n;
                d[t] = d[t - 1] * (1 - n / (total * total));
                continue;
            }
            double real = a * a * sr + (loop == Loop.FRESH ? a * (1 - sr) / n : 0);
            s = real + (1 - a) * (1 - a) * s + (1 - a) * (1 - s) / n + 2 * a * (1 - a) * cross;
            cross = a * sr + (1 - a) * cross;
            d[t] = 1 - s;
        }
        return d;
    }

    /**
     * E[K_t], the types present, for t = 0..generations, or null where no formula is known (augment,
     * fresh). Fully synthetic: after one generation exactly sum_w 1 - (1 - p(w))^N; later a type of
     * count c in generation 0 (N_0 = N) survives with probability about 1 - exp(-c g_t), g_1 = 1,
     * g_(k+1) = 1 - exp(-g_k). Accumulate keeps every type: K_t = K_0.
     */
    public static double[] types(Loop loop, long n, Start start, int generations) {
        double[] k = new double[generations + 1];
        k[0] = start.types0();
        if (loop == Loop.ACCUMULATE) {
            java.util.Arrays.fill(k, start.types0());
            return k;
        }
        if (loop != Loop.FULLY_SYNTHETIC) {
            return null;
        }
        double g = 1;
        for (int t = 1; t <= generations; t++) {
            double expected = 0;
            for (Map.Entry<Long, Long> e : start.countsOfCounts().entrySet()) {
                double c = e.getKey();
                double present =
                        t == 1 ? 1 - Math.pow(1 - c / start.tokens0(), n) : 1 - Math.exp(-c * g * n / start.tokens0());
                expected += e.getValue() * present;
            }
            k[t] = expected;
            g = 1 - Math.exp(-g);
        }
        return k;
    }

    /** Whether {@link #types} is exact at generation t (else the survival approximation). */
    public static boolean typesExact(Loop loop, int generation) {
        return loop == Loop.ACCUMULATE || generation <= 1;
    }
}
