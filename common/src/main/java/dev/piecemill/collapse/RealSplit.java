package dev.piecemill.collapse;

import dev.piecemill.lm.TokenCorpus;
import java.util.function.LongUnaryOperator;

/**
 * The real data of one replicate, as the settings lay it out over the real corpus: generation 0,
 * the reference every generation is measured against, augment's fixed real set, and (sampled
 * generation 0, or FRESH) the ordered pool and its windows the fresh data comes from.
 *
 * @param pool    the replicate's ordered pool, or null when generation 0 is the whole corpus
 * @param windows the pool's layout, or null with it
 */
record RealSplit(
        TokenCorpus generation0, TokenCorpus reference, TokenCorpus fixedReal, RealPool pool, PoolWindows windows) {

    /**
     * @param documentKey the identity of the document at each position of {@code real} (its
     *                    position, or a hash of its id as the distributed job uses)
     */
    static RealSplit of(TokenCorpus real, LongUnaryOperator documentKey, CollapseSettings settings, int replicate) {
        long seed = settings.recursion().seed();
        PoolWindows windows = PoolWindows.of(settings);
        RealPool pool = windows == null
                ? null
                : new RealPool(real, d -> SimulationSeeds.freshPoolKey(seed, replicate, documentKey.applyAsLong(d)));
        TokenCorpus generation0 = pool == null ? real : pool.range(windows.from(0), windows.to(0));
        TokenCorpus reference = settings.recursion().generation0() == Generation0.SAMPLE
                ? pool.range(windows.from(PoolWindows.REFERENCE), windows.to(PoolWindows.REFERENCE))
                : generation0;
        TokenCorpus fixedReal = null;
        if (settings.recursion().loop() == Loop.AUGMENT) {
            long size = settings.realTokensPerGeneration();
            // A sampled generation 0's first aN units; else the corpus's, in an order shared by every replicate.
            fixedReal = settings.recursion().generation0() == Generation0.SAMPLE
                    ? pool.range(windows.from(0), windows.from(0) + size)
                    : new RealPool(real, d -> SimulationSeeds.fixedRealKey(seed, documentKey.applyAsLong(d)))
                            .range(0, size);
        }
        return new RealSplit(generation0, reference, fixedReal, pool, windows);
    }

    /** Generation g's fresh real data (FRESH only). */
    TokenCorpus fresh(int generation) {
        return pool.range(windows.from(generation), windows.to(generation));
    }
}
