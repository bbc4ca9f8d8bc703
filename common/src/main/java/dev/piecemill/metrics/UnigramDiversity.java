package dev.piecemill.metrics;

/** Diversity statistics of one unigram distribution; NaN for a corpus without tokens. */
public final class UnigramDiversity {
    public static final int ZIPF_MAX_RANK = 1000;

    private UnigramDiversity() {}

    /** Shannon entropy {@code -sum p ln p}, in nats. */
    public static double entropy(TokenFrequencies frequencies) {
        if (frequencies.total() == 0) {
            return Double.NaN;
        }
        double h = 0;
        for (int rank = 0; rank < frequencies.types(); rank++) {
            double p = (double) frequencies.countAtRank(rank) / frequencies.total();
            h -= p * Math.log(p);
        }
        return h;
    }

    /**
     * Gini-Simpson index {@code 1 - sum p^2}: the chance two tokens drawn with replacement
     * differ. Its expected decay per fully synthetic generation is exactly (1 - 1/N).
     */
    public static double giniSimpson(TokenFrequencies frequencies) {
        if (frequencies.total() == 0) {
            return Double.NaN;
        }
        double sumSquares = 0;
        for (int rank = 0; rank < frequencies.types(); rank++) {
            double p = (double) frequencies.countAtRank(rank) / frequencies.total();
            sumSquares += p * p;
        }
        return 1 - sumSquares;
    }

    /**
     * Zipf exponent s of {@code frequency ~ rank^-s}: minus the least-squares slope of ln count
     * against ln rank over ranks 1..min(types, {@value #ZIPF_MAX_RANK}). NaN below two types.
     */
    public static double zipfExponent(TokenFrequencies frequencies) {
        int ranks = Math.min(frequencies.types(), ZIPF_MAX_RANK);
        if (ranks < 2) {
            return Double.NaN;
        }
        double sumX = 0;
        double sumY = 0;
        for (int r = 0; r < ranks; r++) {
            sumX += Math.log(r + 1);
            sumY += Math.log(frequencies.countAtRank(r));
        }
        double meanX = sumX / ranks;
        double meanY = sumY / ranks;
        double covariance = 0;
        double variance = 0;
        for (int r = 0; r < ranks; r++) {
            double dx = Math.log(r + 1) - meanX;
            covariance += dx * (Math.log(frequencies.countAtRank(r)) - meanY);
            variance += dx * dx;
        }
        return -covariance / variance;
    }
}
