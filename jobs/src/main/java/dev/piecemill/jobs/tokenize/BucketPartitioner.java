package dev.piecemill.jobs.tokenize;

import org.apache.spark.Partitioner;

/** Partition i of the pack stage is bucket i, exactly, whatever the input's partitioning. */
final class BucketPartitioner extends Partitioner {
    private static final long serialVersionUID = 1L;
    private final int buckets;

    BucketPartitioner(int buckets) {
        this.buckets = buckets;
    }

    @Override
    public int numPartitions() {
        return buckets;
    }

    @Override
    public int getPartition(Object key) {
        return ((PackDocument) key).bucket();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof BucketPartitioner p && p.buckets == buckets;
    }

    @Override
    public int hashCode() {
        return buckets;
    }
}
