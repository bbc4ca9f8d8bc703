package dev.piecemill.collapse;

import dev.piecemill.util.Seeds;
import java.util.SplittableRandom;

/**
 * The random source of every choice in a simulation, from (seed, replicate, generation,
 * document) alone, so a distributed job reproduces the in-memory simulator exactly.
 */
public final class SimulationSeeds {
    /** Generation key of the real pool's shuffle (generations are >= 0). */
    private static final long POOL_GENERATION = -1;

    private SimulationSeeds() {}

    /** Document {@code document} sampled in generation {@code generation} of replicate {@code replicate}. */
    public static SplittableRandom document(long seed, int replicate, int generation, long document) {
        return Seeds.forRecord(generationSeed(seed, replicate, generation), document);
    }

    /** The order in which replicate {@code replicate} draws real documents from the pool. */
    public static SplittableRandom pool(long seed, int replicate) {
        return Seeds.forRecord(generationSeed(seed, replicate, POOL_GENERATION), 0);
    }

    private static long generationSeed(long seed, int replicate, long generation) {
        long replicateSeed = Seeds.forRecord(seed, replicate).nextLong();
        return Seeds.forRecord(replicateSeed, generation).nextLong();
    }
}
