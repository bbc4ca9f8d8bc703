package dev.piecemill.jobs.tokenize;

import java.io.Serializable;

/**
 * What packing one bucket gave, reported by its task when the bucket is done.
 *
 * @param pieces          the documents' pieces (their ids without separators)
 * @param leftoverTokens  ids after the bucket's last full row, not written
 */
record BucketTotals(int bucket, long documents, long pieces, long sequences, int leftoverTokens)
        implements Serializable {}
