package dev.piecemill.collapse;

/** What generation 0 is, and what every generation is measured against. */
public enum Generation0 {
    /**
     * Per replicate, a real sample of exactly the generation budget N, so generation 0 and 1 differ
     * by one round of train-and-sample only; the metrics compare each generation with a real
     * reference, another real sample of N units disjoint from every real unit the replicate
     * trains on ({@link PoolWindows}).
     */
    SAMPLE,
    /** The whole real corpus is generation 0 (for FRESH a sample of N), and generation 0 is also the reference. */
    CORPUS
}
