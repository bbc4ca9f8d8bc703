package dev.piecemill.jobs.io;

import java.io.Serializable;

/**
 * A byte range of one input file, the unit of work of a read task. Compressed files are one
 * split each; an uncompressed file is cut into ranges, and a record belongs to the split in
 * which its first byte lies.
 *
 * @param path      the file's full URI, for opening it
 * @param name      the file's name relative to the input it was found under: document ids and
 *                  error messages use it, so they do not depend on where the corpus is mounted
 * @param start     first byte of the range
 * @param end       end of the range (exclusive); {@link #TO_THE_END} for the rest of the file
 */
public record InputSplit(String path, String name, long start, long end) implements Serializable {
    /** The end of a split that reads to the end of its file, however long it turns out to be. */
    public static final long TO_THE_END = Long.MAX_VALUE;
}
