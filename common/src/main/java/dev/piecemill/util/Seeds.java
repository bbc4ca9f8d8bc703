package dev.piecemill.util;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Per-record random sources: a record's random choices depend only on the user's seed and the
 * record's own key, never on partitioning, executors or the order records are processed in.
 */
public final class Seeds {
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private Seeds() {}

    /** The random source for the record with a numeric key (its position, say). */
    public static SplittableRandom forRecord(long seed, long recordKey) {
        return new SplittableRandom(mix64(mix64(seed) + GOLDEN_GAMMA * (recordKey + 1)));
    }

    /** The random source for the record with a string key (a document id). */
    public static SplittableRandom forRecord(long seed, String recordKey) {
        return forRecord(seed, hash64(recordKey));
    }

    /** A stable 64-bit hash of a string's UTF-8 bytes (FNV-1a, then a finalizer to spread it). */
    public static long hash64(String key) {
        return hash64(key.getBytes(StandardCharsets.UTF_8));
    }

    /** A stable 64-bit hash of bytes (FNV-1a, then a finalizer to spread it). */
    public static long hash64(byte[] bytes) {
        long h = 0xCBF29CE484222325L;
        for (byte b : bytes) {
            h ^= b & 0xFF;
            h *= 0x100000001B3L;
        }
        return mix64(h);
    }

    /** SplitMix64's finalizer. */
    public static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
