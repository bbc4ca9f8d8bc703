package dev.piecemill.metrics;

/** How much of generation 0's tail survives. */
public final class TailMass {
    /** The head is one in this many of generation 0's types, the most frequent ones (10%). */
    public static final int HEAD_ONE_IN = 10;

    private TailMass() {}

    /**
     * The share of generation-0 probability held by generation-0 types ranked beyond the head
     * (the top k = ceil(10% of generation-0 types), ranked by generation-0 count, ties by lower
     * id) that are still present in the current corpus. At generation 0 it is the whole tail's
     * mass; it falls as tail types die out.
     */
    public static double of(TokenFrequencies generation0, TokenFrequencies current) {
        int types = generation0.types();
        if (types == 0) {
            return Double.NaN;
        }
        int head = (types + HEAD_ONE_IN - 1) / HEAD_ONE_IN; // ceil, in integers to dodge 0.1 * 30 > 3
        long alive = 0;
        for (int rank = head; rank < types; rank++) {
            if (current.contains(generation0.tokenAtRank(rank))) {
                alive += generation0.countAtRank(rank);
            }
        }
        return (double) alive / generation0.total();
    }
}
