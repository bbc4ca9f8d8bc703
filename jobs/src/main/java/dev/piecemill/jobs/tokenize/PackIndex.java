package dev.piecemill.jobs.tokenize;

import java.util.List;

/**
 * OUTPUT/packed/index.json of --pack-format bin: what a loader needs to memory-map the shards,
 * {@code np.memmap(file, dtype, mode="r").reshape(-1, sequence_length)}. Written last, once
 * every shard is checked, so its presence says the shards are whole.
 *
 * @param byteOrder      always "little"
 * @param addBos         rows start each document with {@code <bos>} (bosId)
 * @param sequences      rows in all shards
 * @param tokens         ids in all shards: sequences x sequenceLength
 * @param leftoverTokens ids after the last full row of each bucket, in no shard
 * @param docIds         the Parquet folder (beside this file) with the doc ids of every row
 * @param shards         the shard files in bucket order; a bucket without a full row has none
 */
record PackIndex(
        int version,
        String dtype,
        String byteOrder,
        int sequenceLength,
        int vocabSize,
        boolean addBos,
        int bosId,
        int eosId,
        long sequences,
        long tokens,
        long leftoverTokens,
        int buckets,
        String docIds,
        List<Shard> shards) {
    static final int VERSION = 1;

    /** One shard: bucket {@code bucket}'s rows, in order. */
    record Shard(String file, int bucket, long sequences, long tokens) {}
}
