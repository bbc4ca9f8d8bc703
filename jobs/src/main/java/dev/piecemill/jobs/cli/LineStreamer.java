package dev.piecemill.jobs.cli;

import dev.piecemill.text.Utf8;
import dev.piecemill.util.UserError;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Streams lines from an input to an output on worker threads: the reader cuts the input into
 * blocks of whole lines, workers decode (strict UTF-8), transform and format each block, and
 * blocks are written in input order. At most 4 x threads blocks are in flight, so memory stays
 * bounded however long the input. With one thread everything runs on the caller's thread.
 */
final class LineStreamer {
    private static final int BLOCK_BYTES = 1 << 20;

    /**
     * What to do with one line, {@code block[start, end)} without its line end (not yet checked
     * as UTF-8: see {@link #text} and {@link #requireUtf8}); {@code lineNumber} counts from 1.
     * Errors name the line.
     */
    @FunctionalInterface
    interface LineHandler {
        void handle(byte[] block, int start, int end, long lineNumber, ByteSink out);
    }

    private LineStreamer() {}

    /** Lines longer than this are refused: one huge line must not exhaust memory. */
    static final int MAX_LINE_BYTES = 64 << 20;

    static void run(InputStream in, OutputStream out, int threads, LineHandler handler) throws IOException {
        ExecutorService workers = threads == 1
                ? null
                : Executors.newFixedThreadPool(threads, r -> {
                    Thread t = new Thread(r, "piecemill-lines");
                    t.setDaemon(true);
                    return t;
                });
        ArrayDeque<Future<byte[]>> pending = new ArrayDeque<>();
        try {
            byte[] buffer = new byte[BLOCK_BYTES];
            int filled = 0;
            long nextLine = 1;
            while (true) {
                int n = in.read(buffer, filled, buffer.length - filled);
                boolean end = n < 0;
                filled += Math.max(n, 0);
                int cut = end ? filled : lastNewline(buffer, filled) + 1;
                if (cut == 0 && !end) {
                    if (filled == buffer.length) { // one line longer than a block
                        if (filled > MAX_LINE_BYTES) {
                            throw new UserError(
                                    "stdin line " + nextLine + ": longer than " + MAX_LINE_BYTES + " bytes");
                        }
                        buffer = Arrays.copyOf(buffer, buffer.length * 2);
                    }
                    continue;
                }
                if (cut > 0) {
                    byte[] block = Arrays.copyOf(buffer, cut);
                    long firstLine = nextLine;
                    nextLine += countLines(block);
                    if (workers == null) {
                        out.write(process(block, firstLine, handler));
                    } else {
                        pending.add(workers.submit(() -> process(block, firstLine, handler)));
                        while (pending.size() >= threads * 4) {
                            out.write(take(pending.poll()));
                        }
                    }
                    System.arraycopy(buffer, cut, buffer, 0, filled - cut);
                    filled -= cut;
                }
                if (end) {
                    break;
                }
            }
            while (!pending.isEmpty()) {
                out.write(take(pending.poll()));
            }
            out.flush();
        } finally {
            if (workers != null) {
                workers.shutdownNow();
            }
        }
    }

    /** One block: each line decoded and handed to the handler; a trailing CR (CRLF input) dropped. */
    private static byte[] process(byte[] block, long firstLine, LineHandler handler) {
        ByteSink out = new ByteSink();
        long lineNumber = firstLine;
        for (int start = 0; start < block.length; lineNumber++) {
            int end = start;
            while (end < block.length && block[end] != '\n') {
                end++;
            }
            if (end - start > MAX_LINE_BYTES) {
                throw new UserError("stdin line " + lineNumber + ": longer than " + MAX_LINE_BYTES + " bytes");
            }
            int stop = end > start && block[end - 1] == '\r' ? end - 1 : end;
            handler.handle(block, start, stop, lineNumber, out);
            start = end + 1;
        }
        return out.toByteArray();
    }

    /** The line as a String; invalid UTF-8 stops the command with the line's number. */
    static String text(byte[] block, int start, int end, long lineNumber) {
        String line = Utf8.decodeStrict(block, start, end - start);
        if (line == null) {
            throw invalidUtf8(block, start, end, lineNumber);
        }
        return line;
    }

    /** Checks that the line is valid UTF-8, without decoding it. */
    static void requireUtf8(byte[] block, int start, int end, long lineNumber) {
        if (!Utf8.isValid(block, start, end)) {
            throw invalidUtf8(block, start, end, lineNumber);
        }
    }

    private static IllegalArgumentException invalidUtf8(byte[] block, int start, int end, long lineNumber) {
        return new UserError("stdin line " + lineNumber + ": invalid UTF-8 at byte "
                + Utf8.firstInvalidOffset(block, start, end - start) + " of the line");
    }

    private static int lastNewline(byte[] bytes, int length) {
        for (int i = length - 1; i >= 0; i--) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static long countLines(byte[] block) {
        long lines = 0;
        for (byte b : block) {
            if (b == '\n') {
                lines++;
            }
        }
        return block.length > 0 && block[block.length - 1] != '\n' ? lines + 1 : lines;
    }

    private static byte[] take(Future<byte[]> result) throws IOException {
        try {
            return result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IOException(e.getCause());
        }
    }
}
