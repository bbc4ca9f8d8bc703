package dev.piecemill.jobs.io;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads the lines of a byte stream, keeping the byte offset where each starts. A line longer
 * than the limit is consumed to its end but only its head is kept, and it is flagged, so one
 * huge record can neither exhaust memory nor be silently dropped.
 */
final class LineReader {
    private final InputStream in;
    private final int maxLineBytes;
    private final byte[] buffer = new byte[1 << 16];
    private int bufferPos;
    private int bufferLimit;
    private long position;

    private byte[] line = new byte[1024];
    private int lineLength;
    private long lineOffset;
    private boolean lineTooLong;

    LineReader(InputStream in, long startPosition, int maxLineBytes) {
        this.in = in;
        this.position = startPosition;
        this.maxLineBytes = maxLineBytes;
    }

    /** Advances to the next line; false at the end of the stream. */
    boolean next() throws IOException {
        lineLength = 0;
        lineTooLong = false;
        lineOffset = position;
        boolean any = false;
        while (true) {
            if (bufferPos == bufferLimit && !fill()) {
                return any;
            }
            any = true;
            int start = bufferPos;
            int newline = -1;
            for (int i = bufferPos; i < bufferLimit; i++) {
                if (buffer[i] == '\n') {
                    newline = i;
                    break;
                }
            }
            int stop = newline >= 0 ? newline : bufferLimit;
            append(start, stop - start);
            bufferPos = newline >= 0 ? newline + 1 : bufferLimit;
            position += bufferPos - start;
            if (newline >= 0) {
                return true;
            }
        }
    }

    /** Skips to the first line that starts after {@code position - 1}: used when a split starts mid-file. */
    void skipPartialLine() throws IOException {
        while (true) {
            if (bufferPos == bufferLimit && !fill()) {
                return;
            }
            byte b = buffer[bufferPos++];
            position++;
            if (b == '\n') {
                return;
            }
        }
    }

    private void append(int from, int length) {
        int room = maxLineBytes - lineLength;
        if (length > room) {
            lineTooLong = true;
            length = Math.max(room, 0);
        }
        if (lineLength + length > line.length) {
            line = Arrays.copyOf(line, Math.max(lineLength + length, line.length * 2));
        }
        System.arraycopy(buffer, from, line, lineLength, length);
        lineLength += length;
    }

    private boolean fill() throws IOException {
        int n = in.read(buffer, 0, buffer.length);
        if (n <= 0) {
            return false;
        }
        bufferPos = 0;
        bufferLimit = n;
        return true;
    }

    byte[] bytes() {
        return line;
    }

    int length() {
        return lineLength;
    }

    long offset() {
        return lineOffset;
    }

    boolean tooLong() {
        return lineTooLong;
    }
}
