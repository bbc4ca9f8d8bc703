package dev.piecemill.io;

/** What a corpus reader yields for each record: a document, or a bad record with its reason. */
public sealed interface CorpusRecord extends java.io.Serializable {
    /**
     * A readable document.
     *
     * @param id     the id field's value, or {@code file:offset}
     * @param file   the file's name under its input
     * @param offset byte offset in the (decompressed) file, or row index for Parquet
     */
    record Document(String id, String file, long offset, String text) implements CorpusRecord {
        /** This document as a bad record, for a fault found after reading (say, no UTF-8 form). */
        public Bad asBad(String reason) {
            return new Bad(file, offset, reason, text.substring(0, Math.min(text.length(), 1000)));
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
