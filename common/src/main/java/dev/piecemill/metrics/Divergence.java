package dev.piecemill.metrics;

/** Divergences between two unigram distributions (maximum-likelihood frequencies), in nats. */
public final class Divergence {
    private Divergence() {}

    /**
     * KL(p || q) = sum_w p(w) ln(p(w) / q(w)) over the tokens of p; +infinity when p has a
     * token q lacks.
     */
    public static double kullbackLeibler(TokenFrequencies p, TokenFrequencies q) {
        if (p.total() == 0 || q.total() == 0) {
            return Double.NaN;
        }
        double kl = 0;
        for (int rank = 0; rank < p.types(); rank++) {
            double pw = (double) p.countAtRank(rank) / p.total();
            double qw = q.probability(p.tokenAtRank(rank));
            if (qw == 0) {
                return Double.POSITIVE_INFINITY;
            }
            kl += pw * Math.log(pw / qw);
        }
        return kl;
    }

    /**
     * Jensen-Shannon divergence {@code (KL(p || m) + KL(q || m)) / 2} with m = (p + q) / 2: finite,
     * symmetric, at most ln 2.
     */
    public static double jensenShannon(TokenFrequencies p, TokenFrequencies q) {
        if (p.total() == 0 || q.total() == 0) {
            return Double.NaN;
        }
        return (halfTerm(p, q) + halfTerm(q, p)) / 2;
    }

    /** sum over a's tokens of a(w) ln(a(w) / m(w)). */
    private static double halfTerm(TokenFrequencies a, TokenFrequencies b) {
        double sum = 0;
        for (int rank = 0; rank < a.types(); rank++) {
            double aw = (double) a.countAtRank(rank) / a.total();
            double mw = (aw + b.probability(a.tokenAtRank(rank))) / 2;
            sum += aw * Math.log(aw / mw);
        }
        return sum;
    }
}
