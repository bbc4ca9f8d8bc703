package dev.piecemill.lm;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Interpolated Kneser-Ney, with {@code c_m} the counts at order m and {@code D_m} its discount:
 * <pre>
 *   P_0(w)   = 1 / |V|
 *   P_m(w|h) = max(c_m(h w) - D_m, 0) / c_m(h .) + D_m N1+(h .) / c_m(h .) * P_(m-1)(w | h minus its oldest token)
 * </pre>
 * from the empty context up to the deepest seen one (see {@link NgramLanguageModel} for which
 * counts each order holds).
 */
final class KneserNey extends Estimator {
    private static final long serialVersionUID = 1L;

    /** D_m of n-grams of length m + 1, at depth m of the chain. */
    private final double[] discounts;
    /** The order-0 distribution ranked, the order every context's unseen tail follows (built on first use). */
    private transient volatile Ranking lowestOrderRanking;

    KneserNey(NgramCounts counts, double[] discounts) {
        super(counts);
        this.discounts = discounts;
    }

    @Override
    double probability(int[] chain, int deepest, int index) {
        double p = 1.0 / counts.supportSize();
        for (int depth = 0; depth <= deepest; depth++) {
            int node = chain[depth];
            double total = counts.total(node);
            double d = discounts[depth];
            long count = counts.count(node, index);
            p = Math.max(count - d, 0) / total + d * counts.distinct(node) / total * p;
        }
        return p;
    }

    /** The recursion with each node's largest count in place of the token's. */
    @Override
    double probabilityBound(int[] chain, int deepest) {
        double bound = 1.0 / counts.supportSize();
        for (int depth = 0; depth <= deepest; depth++) {
            int node = chain[depth];
            double total = counts.total(node);
            double d = discounts[depth];
            bound = Math.max(counts.maxCount(node) - d, 0) / total + d * counts.distinct(node) / total * bound;
        }
        return Math.min(1, bound);
    }

    @Override
    double[] distribution(int[] chain, int deepest) {
        double[] p = new double[counts.supportSize()];
        Arrays.fill(p, 1.0 / counts.supportSize());
        for (int depth = 0; depth <= deepest; depth++) {
            int node = chain[depth];
            double total = counts.total(node);
            double d = discounts[depth];
            double lowerWeight = d * counts.distinct(node) / total;
            for (int i = 0; i < p.length; i++) {
                p[i] *= lowerWeight;
            }
            for (int e = counts.firstEntry(node); e < counts.endEntry(node); e++) {
                p[counts.entryIndex(e)] += Math.max(counts.entryCount(node, e) - d, 0) / total;
            }
        }
        return p;
    }

    /**
     * Walks the interpolation from the deepest order down: an observed continuation (weights c - D)
     * with probability 1 - D N1+(h .) / c(h .), else the next lower order, ending on the uniform.
     */
    @Override
    int draw(int[] chain, int deepest, SplittableRandom random) {
        for (int depth = deepest; depth >= 0; depth--) {
            int node = chain[depth];
            double d = discounts[depth];
            double total = counts.total(node);
            double u = random.nextDouble() * total;
            if (u < total - d * counts.distinct(node)) {
                return counts.drawObserved(node, d, u);
            }
        }
        return random.nextInt(counts.supportSize());
    }

    /** Order 0's continuations are every token: candidates are those of the context's own orders. */
    @Override
    int firstCandidateDepth(int deepest) {
        return 1;
    }

    /**
     * A non-candidate's probability is its order-0 probability times the chain's backoff weights,
     * never decreasing in it, so the tail follows the order-0 ranking (built once).
     */
    @Override
    int rankedTail(int[] chain, int deepest, boolean[] isCandidate, int[] tail, double[] tailP) {
        Ranking lowest = lowestOrderRanking();
        double[] backoff = new double[deepest + 1];
        for (int depth = 1; depth <= deepest; depth++) {
            double total = counts.total(chain[depth]);
            backoff[depth] = discounts[depth] * counts.distinct(chain[depth]) / total; // as probability groups it
        }
        int t = 0;
        for (int r = 0; r < isCandidate.length; r++) {
            int index = lowest.indices()[r];
            if (!isCandidate[index]) {
                double p = lowest.probabilities()[r];
                for (int depth = 1; depth <= deepest; depth++) {
                    p = backoff[depth] * p;
                }
                tail[t] = index;
                tailP[t++] = p;
            }
        }
        return t;
    }

    private Ranking lowestOrderRanking() {
        Ranking ranking = lowestOrderRanking;
        if (ranking == null) {
            int n = counts.supportSize();
            int[] rootOnly = new int[counts.order()];
            double[] p = new double[n];
            int[] all = new int[n];
            for (int i = 0; i < n; i++) {
                p[i] = probability(rootOnly, 0, i);
                all[i] = i;
            }
            ranking = Ranking.merge(all, p, n, new int[0], new double[0], 0);
            lowestOrderRanking = ranking; // a race builds the same ranking twice, harmlessly
        }
        return ranking;
    }
}
