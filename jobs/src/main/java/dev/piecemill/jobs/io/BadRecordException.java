package dev.piecemill.jobs.io;

import dev.piecemill.util.UserError;

/** A bad input record met without --skip-bad-records: the job stops and names it. */
public final class BadRecordException extends UserError {
    private static final long serialVersionUID = 1L;

    public BadRecordException(CorpusRecord.Bad bad) {
        super(bad.describe() + " (pass --skip-bad-records to set such records aside in a quarantine output)");
    }
}
