package dev.piecemill.jobs.train;

import dev.piecemill.jobs.io.RecordCounts;
import java.io.Serializable;

/**
 * What a training pass read, summed from per-partition values that travel with the data to an
 * action's result: exact under task retries and recomputed stages, where accumulators updated
 * in a shuffle's map stage would count a recomputed task twice.
 */
record ReadCounts(RecordCounts records, long chunks, long bytes) implements Serializable {
    static final ReadCounts NONE = new ReadCounts(RecordCounts.NONE, 0, 0);

    ReadCounts add(ReadCounts o) {
        return new ReadCounts(records.add(o.records), chunks + o.chunks, bytes + o.bytes);
    }

    long[] toArray() {
        return new long[] {records.read(), records.documents(), records.quarantined(), chunks, bytes};
    }

    static ReadCounts of(long[] values) {
        return new ReadCounts(new RecordCounts(values[0], values[1], values[2]), values[3], values[4]);
    }
}
