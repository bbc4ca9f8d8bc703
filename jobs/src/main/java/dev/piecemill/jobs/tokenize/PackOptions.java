package dev.piecemill.jobs.tokenize;

import dev.piecemill.util.UserError;
import java.io.Serializable;
import java.util.Locale;

/**
 * Packed training sequences (tokenize --pack), written to OUTPUT/packed after the per-document
 * table.
 *
 * @param length  token ids per row, 1 to {@link #MAX_LENGTH}
 * @param buckets documents are packed within this many buckets, chosen by a stable hash of their
 *                id, 1 to {@link #MAX_BUCKETS}; a bucket is one task, and leaves fewer than
 *                {@code length} tokens over
 * @param format  Parquet rows, or bin shards with an index
 */
public record PackOptions(int length, int buckets, PackFormat format) implements Serializable {
    public static final int MAX_LENGTH = 1 << 20;
    public static final int DEFAULT_BUCKETS = 16;
    /** Shard names have five digits. */
    public static final int MAX_BUCKETS = 10_000;

    /** @throws IllegalArgumentException naming the command-line option that is out of range */
    public PackOptions {
        if (length < 1 || length > MAX_LENGTH) {
            throw new UserError(
                    String.format(Locale.ROOT, "--pack must be from 1 to %,d tokens, not %,d", MAX_LENGTH, length));
        }
        if (buckets < 1 || buckets > MAX_BUCKETS) {
            throw new UserError(
                    String.format(Locale.ROOT, "--pack-buckets must be from 1 to %,d, not %,d", MAX_BUCKETS, buckets));
        }
        if (format == null) {
            throw new UserError("--pack-format must be parquet or bin");
        }
    }
}
