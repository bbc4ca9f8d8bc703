package dev.piecemill.jobs.io;

import dev.piecemill.util.UserError;
import java.io.Serializable;
import java.util.List;

/**
 * How to read a corpus; shared by every job.
 *
 * @param inputs         files, folders or globs
 * @param format         null to infer from the file names
 * @param textField      the JSON field or Parquet column holding the text
 * @param idField        the field or column holding document ids, or null to derive them
 *                       ({@code file:offset}: the file's name under its input and the record's
 *                       byte offset, or its row for Parquet)
 * @param maxRecordBytes records longer than this are bad records
 * @param splitBytes     uncompressed text files are read in ranges of at most this size (smaller
 *                       when the corpus is small, so every core gets work)
 * @param keepColumns    input columns (JSON fields, Parquet columns, WARC headers) that the
 *                       records carry along as {@link CorpusRecord.Document#kept()}
 */
public record CorpusOptions(
        List<String> inputs,
        InputFormat format,
        String textField,
        String idField,
        int maxRecordBytes,
        long splitBytes,
        List<String> keepColumns)
        implements Serializable {
    public CorpusOptions {
        keepColumns = List.copyOf(keepColumns);
        if (keepColumns.stream().distinct().count() != keepColumns.size()) {
            throw new UserError("--keep-columns names a column twice: " + String.join(",", keepColumns));
        }
    }

    /** Keeping no input columns. */
    public CorpusOptions(
            List<String> inputs,
            InputFormat format,
            String textField,
            String idField,
            int maxRecordBytes,
            long splitBytes) {
        this(inputs, format, textField, idField, maxRecordBytes, splitBytes, List.of());
    }

    /** The same input, keeping {@code columns}. */
    public CorpusOptions keeping(List<String> columns) {
        return new CorpusOptions(inputs, format, textField, idField, maxRecordBytes, splitBytes, columns);
    }

    public static final int DEFAULT_MAX_RECORD_BYTES = 64 << 20;
    public static final long DEFAULT_SPLIT_BYTES = 64L << 20;
}
