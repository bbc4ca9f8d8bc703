package dev.piecemill.pack;

import dev.piecemill.util.Seeds;
import dev.piecemill.util.UserError;

/**
 * The bucket a document is packed in: its id's stable hash (FNV-1a of the UTF-8 bytes, then
 * SplitMix64's finalizer; the same on every JVM and run) modulo the bucket count, so what a
 * bucket holds never depends on how the input was partitioned.
 */
public final class PackBuckets {
    private PackBuckets() {}

    public static int of(String docId, int buckets) {
        if (buckets < 1) {
            throw new UserError("the bucket count must be at least 1, not " + buckets);
        }
        return (int) Long.remainderUnsigned(Seeds.hash64(docId), buckets);
    }
}
