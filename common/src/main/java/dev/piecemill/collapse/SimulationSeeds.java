package dev.piecemill.collapse;

import dev.piecemill.util.Seeds;
import java.util.SplittableRandom;

/**
 * The random source of every choice in a simulation, from (seed, replicate, generation,
 * document) alone, so a distributed job reproduces the in-memory simulator exactly.
 */
public final class SimulationSeeds {
    /** Generation keys of the real pools' orders (generations are >= 0). */
    private static final long POOL_GENERATION = -1;
    /** Replicate key of augment's fixed real set: one set for every replicate (replicates are >= 0). */
    private static final int ALL_REPLICATES = -1;

    private SimulationSeeds() {}

    /** Document {@code document} sampled in generation {@code generation} of replicate {@code replicate}. */
    public static SplittableRandom document(long seed, int replicate, int generation, long document) {
        return Seeds.forRecord(generationSeed(seed, replicate, generation), document);
    }

    /**
     * The sort key of a real document in replicate {@code replicate}'s fresh pool: fresh data is
     * drawn in ascending key order. {@code documentKey} identifies the document (its position, or
     * a hash of its id).
     */
    public static long freshPoolKey(long seed, int replicate, long documentKey) {
        return Seeds.forRecord(generationSeed(seed, replicate, POOL_GENERATION), documentKey)
                .nextLong();
    }

    /** The sort key of a real document in the order augment's fixed real set is taken from, the same for every replicate. */
    public static long fixedRealKey(long seed, long documentKey) {
        return freshPoolKey(seed, ALL_REPLICATES, documentKey);
    }

    private static long generationSeed(long seed, int replicate, long generation) {
        long replicateSeed = Seeds.forRecord(seed, replicate).nextLong();
        return Seeds.forRecord(replicateSeed, generation).nextLong();
    }
}
