package dev.piecemill.jobs.io;

import java.util.Locale;

/** The corpus formats the jobs read. */
public enum InputFormat {
    /** One document per line; a trailing CR is dropped (CRLF files). */
    TEXT,
    /** JSON Lines: one object per line with a string text field; blank lines are not records. */
    JSONL,
    /** Parquet files with a string text column. */
    PARQUET,
    /** Common Crawl WET files: WARC {@code conversion} records, read whole (never split). */
    WET;

    /** Guess from a file name, ignoring a compression extension; null when unknown. */
    public static InputFormat fromFileName(String name) {
        String n = Compression.stripExtension(name.toLowerCase(Locale.ROOT));
        if (n.endsWith(".jsonl") || n.endsWith(".json") || n.endsWith(".ndjson")) {
            return JSONL;
        }
        if (n.endsWith(".warc.wet") || n.endsWith(".wet")) {
            return WET;
        }
        if (n.endsWith(".parquet")) {
            return PARQUET;
        }
        if (n.endsWith(".txt") || n.endsWith(".text")) {
            return TEXT;
        }
        return null;
    }
}
