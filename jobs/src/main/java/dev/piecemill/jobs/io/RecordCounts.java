package dev.piecemill.jobs.io;

import java.io.Serializable;

/**
 * What a job's read pass did with its input: every record read became a document or was
 * quarantined, so {@code read == documents + quarantined}. Every job checks that one balance here.
 */
public record RecordCounts(long read, long documents, long quarantined) implements Serializable {
    public static final RecordCounts NONE = new RecordCounts(0, 0, 0);

    public RecordCounts add(RecordCounts o) {
        return new RecordCounts(read + o.read, documents + o.documents, quarantined + o.quarantined);
    }

    /** These counts, once checked: a record lost or counted twice is our bug, so it is no UserError. */
    public RecordCounts requireBalanced(String job) {
        if (read != documents + quarantined) {
            throw new IllegalStateException(String.format("%s: record counts disagree: %s", job, describe()));
        }
        return this;
    }

    public String describe() {
        return String.format("%,d records read, %,d documents, %,d quarantined", read, documents, quarantined);
    }
}
