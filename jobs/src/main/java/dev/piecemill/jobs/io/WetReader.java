package dev.piecemill.jobs.io;

import dev.piecemill.text.Utf8;
import dev.piecemill.util.UserError;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.TaskContext;
import org.apache.spark.util.LongAccumulator;
import org.apache.spark.util.TaskCompletionListener;
import org.netpreserve.jwarc.MessageHeaders;
import org.netpreserve.jwarc.WarcReader;
import org.netpreserve.jwarc.WarcRecord;

/**
 * Reads the documents of a Common Crawl WET file: one per WARC {@code conversion} record, its
 * id the record's {@code WARC-Record-ID} as written, its text the record's content. Parsing and
 * gzip (a member per record, as Common Crawl writes them) are jwarc's; the checks are ours: a
 * record cut short or a corrupt member stops the read naming the file and the record's byte
 * position (in the compressed file for .gz, where a reader can seek to it), never a shorter
 * document. Other record types (warcinfo, metadata) are not documents and are passed over.
 */
public final class WetReader implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Columns a WET document carries when the user names none. */
    public static final List<String> DEFAULT_COLUMNS = List.of("url", "language");

    /** Short names for the headers a user most wants; any other name is taken as a header's own. */
    private static final Map<String, String> HEADER_ALIASES = Map.of(
            "url", "WARC-Target-URI",
            "language", "WARC-Identified-Content-Language",
            "date", "WARC-Date");

    private final int maxRecordBytes;
    private final List<String> keepColumns;
    private final LongAccumulator inputBytesRead;

    /**
     * @param keepColumns    header values each document carries (null where a record lacks one)
     * @param inputBytesRead counts the bytes read from the files, for progress lines
     */
    public WetReader(int maxRecordBytes, List<String> keepColumns, LongAccumulator inputBytesRead) {
        this.maxRecordBytes = maxRecordBytes;
        this.keepColumns = List.copyOf(keepColumns);
        this.inputBytesRead = inputBytesRead;
    }

    /** The header a kept column is read from. */
    static String header(String column) {
        return HEADER_ALIASES.getOrDefault(column.toLowerCase(Locale.ROOT), column);
    }

    /** The records of one whole file, streamed; the file is closed when the iterator is exhausted. */
    public Iterator<CorpusRecord> read(InputSplit split, Configuration conf) throws IOException {
        Path path = new Path(split.path());
        InputStream raw = new CountingInputStream(path.getFileSystem(conf).open(path), inputBytesRead);
        String file = split.name();
        WarcReader reader;
        try {
            // jwarc detects gzip itself; other compressions are opened by extension as for text
            reader = new WarcReader(
                    Compression.of(file) == Compression.GZIP
                            ? raw
                            : Compression.of(file).open(raw));
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw new UserError(
                    file + ": cannot read at its start: " + why(e)
                            + " (not a WARC file, or a truncated or corrupt one?)",
                    asIo(e));
        }
        // jwarc only warns when a record does not end where its Content-Length says (it skips
        // ahead to the next header): content would be cut or run into the next record, so stop
        reader.onWarning(warning -> {
            throw new IllegalStateException(warning + " (a Content-Length that does not match the record?)");
        });
        TaskContext task = TaskContext.get();
        if (task != null) { // a task that stops early still closes the file
            task.addTaskCompletionListener((TaskCompletionListener) context -> closeQuietly(reader));
        }
        return new LazyIterator<>() {
            private long after = -1; // the last record read: where a fault is reported

            @Override
            protected CorpusRecord computeNext() {
                try {
                    while (true) {
                        Optional<WarcRecord> next = reader.next();
                        if (next.isEmpty()) {
                            reader.close();
                            return null;
                        }
                        WarcRecord record = next.get();
                        after = record.position();
                        if ("conversion".equals(record.type())) {
                            return document(file, record);
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    String where = after < 0 ? "at its start" : "after the record at byte " + after;
                    throw new UserError(
                            file + ": cannot read " + where + ": " + why(e) + " (a truncated or corrupt file?)",
                            asIo(e));
                }
            }
        };
    }

    private CorpusRecord document(String file, WarcRecord record) throws IOException {
        long offset = record.position();
        MessageHeaders headers = record.headers();
        if (headers.sole("Content-Length").isEmpty()) { // jwarc would read the content as the next headers
            throw new IOException("record at byte " + offset + " has no Content-Length header");
        }
        Optional<String> id = headers.sole("WARC-Record-ID");
        long size = record.body().size();
        if (id.isEmpty()) {
            return new CorpusRecord.Bad(file, offset, "WARC record without a WARC-Record-ID header", "");
        }
        if (size > maxRecordBytes) {
            return new CorpusRecord.Bad(
                    file,
                    offset,
                    "record longer than " + maxRecordBytes + " bytes (raise --max-record-bytes to accept it)",
                    id.get());
        }
        byte[] text = record.body().stream().readAllBytes();
        if (text.length != size) { // jwarc's EOFException covers this; a shorter body is never a document
            throw new IOException("content cut short: " + text.length + " of " + size + " bytes");
        }
        if (!Utf8.isValid(text, 0, text.length)) {
            return new CorpusRecord.Bad(
                    file,
                    offset,
                    "invalid UTF-8 at byte " + Utf8.firstInvalidOffset(text, 0, text.length) + " of the content of "
                            + id.get(),
                    new String(text, 0, Math.min(text.length, CorpusRecord.EXCERPT_BYTES), StandardCharsets.UTF_8));
        }
        Object[] kept = CorpusRecord.Document.NO_COLUMNS;
        if (!keepColumns.isEmpty()) {
            kept = new Object[keepColumns.size()];
            for (int i = 0; i < kept.length; i++) {
                kept[i] = headers.first(header(keepColumns.get(i))).orElse(null);
            }
        }
        return new CorpusRecord.Document(id.get(), file, offset, text, kept);
    }

    private static String why(Exception e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    /**
     * The cause to report: a copy, because jwarc's ParsingException holds a field that cannot be
     * serialized, and Spark drops a task's exception (our message with it) when it cannot send it.
     */
    private static IOException asIo(Exception e) {
        IOException copy = new IOException(e.getClass().getName() + ": " + why(e));
        copy.setStackTrace(e.getStackTrace());
        return copy;
    }

    private static void closeQuietly(WarcReader reader) {
        try {
            reader.close();
        } catch (IOException e) {
            // closing after the task: nothing left to report to
        }
    }
}
