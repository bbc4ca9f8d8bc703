package dev.piecemill.io;

import dev.piecemill.text.Utf8;
import java.io.Serializable;
import org.apache.spark.util.LongAccumulator;

/**
 * The one rule for bad records in every job: a bad record stops the job with its file and
 * offset, or, when the user asked to skip them, is counted for the quarantine pass. A document
 * whose text has no UTF-8 form (an unpaired surrogate from a JSON escape) is a bad record too.
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
        if (record instanceof CorpusRecord.Bad bad) {
            return bad;
        }
        CorpusRecord.Document doc = (CorpusRecord.Document) record;
        int surrogate = Utf8.firstUnpairedSurrogate(doc.text());
        if (surrogate >= 0) {
            return doc.asBad(String.format("unpaired surrogate U+%04X at character %d: the text has no UTF-8 form",
                    (int) doc.text().charAt(surrogate), surrogate));
        }
        return null;
    }
}
