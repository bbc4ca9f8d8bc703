package dev.piecemill.jobs.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.piecemill.text.Utf8;
import dev.piecemill.util.UserError;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.TaskContext;
import org.apache.spark.util.LongAccumulator;
import org.apache.spark.util.TaskCompletionListener;

/**
 * Reads the records of one split of a text or JSON Lines file: decompression, line splitting,
 * strict UTF-8, JSON parsing, the text and id fields. Every record comes out, as a Document or
 * as a Bad record saying why; nothing is dropped.
 */
public final class CorpusReader implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final InputFormat format;
    private final String textField;
    private final String idField;
    private final int maxRecordBytes;
    private final List<String> keepFields;
    private final LongAccumulator inputBytesRead;

    /**
     * @param textField      JSON field holding the text (JSONL)
     * @param idField        JSON field holding the document id, or null to derive ids
     * @param maxRecordBytes longer records are bad records (their head is kept for the report)
     * @param keepFields     JSON fields every record must have, kept as strings (see {@link #keptValue})
     * @param inputBytesRead counts the bytes read from the files, for progress lines
     */
    public CorpusReader(
            InputFormat format,
            String textField,
            String idField,
            int maxRecordBytes,
            List<String> keepFields,
            LongAccumulator inputBytesRead) {
        if (format == InputFormat.PARQUET || format == InputFormat.WET) {
            throw new IllegalArgumentException(
                    format + " is not line-based: Parquet is read by Spark, WET by WetReader");
        }
        this.format = format;
        this.textField = textField;
        this.idField = idField;
        this.maxRecordBytes = maxRecordBytes;
        this.keepFields = List.copyOf(keepFields);
        this.inputBytesRead = inputBytesRead;
    }

    /** The records of a split, streamed; the file is closed when the iterator is exhausted. */
    public Iterator<CorpusRecord> read(InputSplit split, Configuration conf) throws IOException {
        Path path = new Path(split.path());
        FileSystem fs = path.getFileSystem(conf);
        FSDataInputStream raw = fs.open(path);
        long seekTo = split.start() > 0 ? split.start() - 1 : 0;
        raw.seek(seekTo);
        InputStream in;
        try {
            in = Compression.of(split.name()).open(new CountingInputStream(raw, inputBytesRead));
        } catch (IOException e) { // a compressed file whose header is already wrong
            closeQuietly(raw);
            throw cannotRead(split, e);
        }
        LineReader lines = new LineReader(in, seekTo, maxRecordBytes);
        TaskContext task = TaskContext.get();
        if (task != null) { // a task that stops early (a failure, a limit) still closes the file
            task.addTaskCompletionListener((TaskCompletionListener) context -> closeQuietly(in));
        }
        if (split.start() > 0) {
            try {
                lines.skipPartialLine();
            } catch (IOException e) {
                throw cannotRead(split, e);
            }
        }
        return new LazyIterator<>() {
            @Override
            protected CorpusRecord computeNext() {
                try {
                    while (lines.next()) {
                        if (lines.offset() >= split.end()) {
                            break; // that record is the next split's first
                        }
                        CorpusRecord r = parse(split.name(), lines);
                        if (r != null) {
                            return r;
                        }
                    }
                    in.close();
                    return null;
                } catch (IOException e) {
                    throw cannotRead(split, e);
                }
            }
        };
    }

    private static UserError cannotRead(InputSplit split, IOException e) {
        String why = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        return new UserError(split.name() + ": cannot read: " + why + " (a truncated or corrupt file?)", e);
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            // closing after the task: nothing left to report to
        }
    }

    private static int nulInTheFirstFourBytes(byte[] bytes, int length) {
        for (int i = 0; i < Math.min(4, length); i++) {
            if (bytes[i] == 0) {
                return i;
            }
        }
        return -1;
    }

    /** One line to a record; null for a line that is no record (a blank line in JSON Lines). */
    private CorpusRecord parse(String file, LineReader line) {
        byte[] bytes = line.bytes();
        int length = line.length();
        long offset = line.offset();
        if (line.tooLong()) {
            return bad(
                    file,
                    offset,
                    "record longer than " + maxRecordBytes + " bytes (raise --max-record-bytes to accept it)",
                    bytes,
                    length);
        }
        if (format == InputFormat.TEXT && length > 0 && bytes[length - 1] == '\r') {
            length--;
        }
        if (!Utf8.isValid(bytes, 0, length)) {
            return bad(
                    file,
                    offset,
                    "invalid UTF-8 at byte " + (offset + Utf8.firstInvalidOffset(bytes, 0, length)),
                    bytes,
                    length);
        }
        if (format == InputFormat.TEXT) {
            return new CorpusRecord.Document(file + ":" + offset, file, offset, Arrays.copyOf(bytes, length));
        }
        if (isBlank(bytes, length)) {
            return null;
        }
        int nul = nulInTheFirstFourBytes(bytes, length);
        if (nul >= 0) { // JSON has no raw NUL; Jackson would take the line for UTF-16 or UTF-32
            return bad(file, offset, "malformed JSON: a NUL byte at byte " + (offset + nul), bytes, length);
        }
        JsonNode node;
        try {
            node = JSON.readTree(bytes, 0, length);
        } catch (JsonProcessingException e) {
            return bad(file, offset, "malformed JSON: " + e.getOriginalMessage(), bytes, length);
        } catch (IOException e) { // e.g. a CharConversionException: not text Jackson can read
            return bad(file, offset, "malformed JSON: " + e.getMessage(), bytes, length);
        }
        if (node == null || !node.isObject()) {
            return bad(file, offset, "not a JSON object", bytes, length);
        }
        JsonNode textNode = node.get(textField);
        if (textNode == null || !textNode.isTextual()) {
            return bad(file, offset, "no string field \"" + textField + "\"", bytes, length);
        }
        String id = file + ":" + offset;
        if (idField != null) {
            JsonNode idNode = node.get(idField);
            if (idNode == null || !(idNode.isTextual() || idNode.isIntegralNumber())) {
                return bad(file, offset, "no string or integer id field \"" + idField + "\"", bytes, length);
            }
            id = idNode.asText();
        }
        Object[] kept = CorpusRecord.Document.NO_COLUMNS;
        if (!keepFields.isEmpty()) {
            kept = new Object[keepFields.size()];
            for (int i = 0; i < kept.length; i++) {
                JsonNode value = node.get(keepFields.get(i));
                if (value == null) {
                    return bad(
                            file,
                            offset,
                            "no field \"" + keepFields.get(i) + "\" (named by --keep-columns)",
                            bytes,
                            length);
                }
                kept[i] = keptValue(value);
            }
        }
        return CorpusRecord.ofString(id, file, offset, textNode.textValue(), kept);
    }

    /**
     * A kept JSON field as a string: a string's value, null for null, the JSON text of anything
     * else (a number as written, an object or array as compact JSON). One type for every
     * record: JSON Lines carry no schema, and guessing one from some records would fail on others.
     */
    static String keptValue(JsonNode value) {
        if (value.isNull()) {
            return null;
        }
        return value.isTextual() ? value.textValue() : value.toString();
    }

    /** Whether a line holds only whitespace (JSON's four whitespace bytes). */
    private static boolean isBlank(byte[] bytes, int length) {
        for (int i = 0; i < length; i++) {
            byte b = bytes[i];
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    private static CorpusRecord.Bad bad(String file, long offset, String reason, byte[] bytes, int length) {
        String excerpt = new String(bytes, 0, Math.min(length, CorpusRecord.EXCERPT_BYTES), StandardCharsets.UTF_8);
        return new CorpusRecord.Bad(file, offset, reason, excerpt);
    }
}
