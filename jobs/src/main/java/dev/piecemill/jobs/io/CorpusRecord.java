package dev.piecemill.jobs.io;

import dev.piecemill.text.Utf8;
import java.nio.charset.StandardCharsets;

/** What a corpus reader yields for each record: a document, or a bad record with its reason. */
public sealed interface CorpusRecord extends java.io.Serializable {
    int EXCERPT_BYTES = 1000;

    /**
     * A document from text that a reader decoded (a JSON string, a Parquet column): its UTF-8
     * form, or a bad record when it has none (an unpaired surrogate from a JSON escape).
     */
    static CorpusRecord ofString(String id, String file, long offset, String text, Object[] kept) {
        int surrogate = Utf8.firstUnpairedSurrogate(text);
        if (surrogate >= 0) {
            return new Bad(
                    file,
                    offset,
                    String.format(
                            "unpaired surrogate U+%04X at character %d: the text has no UTF-8 form",
                            (int) text.charAt(surrogate), surrogate),
                    text.substring(0, Math.min(text.length(), EXCERPT_BYTES)));
        }
        return new Document(id, file, offset, Utf8.encode(text), kept);
    }

    /**
     * A readable document. Its text is held as the bytes it was read as, valid UTF-8: the
     * tokenizer segments those bytes where they lie, with no String made (the tokenize job's
     * inner loop); {@link #text()} decodes for the jobs that want characters.
     *
     * @param id     the id field's value, or {@code file:offset}
     * @param file   the file's name under its input
     * @param offset byte offset in the (decompressed) file, or row index for Parquet
     * @param utf8   the text, valid UTF-8 (not necessarily NFC); not to be modified
     * @param kept   the values of the input columns asked for with --keep-columns, in their
     *               order, as Spark's Row holds them (see {@link Corpus.Source#kept()})
     */
    record Document(String id, String file, long offset, byte[] utf8, Object[] kept) implements CorpusRecord {
        public static final Object[] NO_COLUMNS = {};

        /** A document with no kept columns. */
        public Document(String id, String file, long offset, byte[] utf8) {
            this(id, file, offset, utf8, NO_COLUMNS);
        }

        public String text() {
            return new String(utf8, StandardCharsets.UTF_8);
        }
    }

    /**
     * A record that cannot be used.
     *
     * @param file    the file's name as given in ids
     * @param offset  byte offset of the record in the (decompressed) file, or its row in Parquet
     * @param reason  what is wrong, for people
     * @param excerpt the head of the raw record (invalid bytes shown as U+FFFD)
     */
    record Bad(String file, long offset, String reason, String excerpt) implements CorpusRecord {
        public String describe() {
            return file + ", record at byte " + offset + ": " + reason;
        }
    }
}
