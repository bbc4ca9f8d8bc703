package dev.piecemill.jobs.io;

import java.io.Serializable;
import org.apache.spark.util.LongAccumulator;

/**
 * The one rule for bad records in every job: a bad record stops the job with its file and
 * offset, or, when the user asked to skip them, is counted for the quarantine pass.
 */
public final class RecordFilter implements Serializable {
    private static final long serialVersionUID = 1L;
    private final boolean skipBadRecords;
    private final LongAccumulator recordsRead;
    private final LongAccumulator quarantined;

    /**
     * @param recordsRead counts every record, or null in a pass that re-reads a corpus already counted
     * @param quarantined counts skipped records, or null likewise
     */
    public RecordFilter(boolean skipBadRecords, LongAccumulator recordsRead, LongAccumulator quarantined) {
        this.skipBadRecords = skipBadRecords;
        this.recordsRead = recordsRead;
        this.quarantined = quarantined;
    }

    /** The document, or null for a skipped bad record; throws BadRecordException when not skipping. */
    public CorpusRecord.Document accept(CorpusRecord record) {
        if (recordsRead != null) {
            recordsRead.add(1);
        }
        CorpusRecord.Bad bad = badOrNull(record);
        if (bad == null) {
            return (CorpusRecord.Document) record;
        }
        if (!skipBadRecords) {
            throw new BadRecordException(bad);
        }
        if (quarantined != null) {
            quarantined.add(1);
        }
        return null;
    }

    /** The record as a bad record, or null when it is a usable document. */
    public static CorpusRecord.Bad badOrNull(CorpusRecord record) {
        return record instanceof CorpusRecord.Bad bad ? bad : null;
    }
}
