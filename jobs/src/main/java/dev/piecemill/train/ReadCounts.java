package dev.piecemill.train;

import java.io.Serializable;

/**
 * What a training pass read, summed from per-partition values that travel with the data to an
 * action's result: exact under task retries and recomputed stages, where accumulators updated
 * in a shuffle's map stage would count a recomputed task twice.
 */
record ReadCounts(long records, long documents, long quarantined, long chunks, long bytes) implements Serializable {
    static final ReadCounts NONE = new ReadCounts(0, 0, 0, 0, 0);

    ReadCounts add(ReadCounts o) {
        return new ReadCounts(records + o.records, documents + o.documents, quarantined + o.quarantined,
                chunks + o.chunks, bytes + o.bytes);
    }

    long[] toArray() {
        return new long[] {records, documents, quarantined, chunks, bytes};
    }

    static ReadCounts of(long[] values) {
        return new ReadCounts(values[0], values[1], values[2], values[3], values[4]);
    }
}
