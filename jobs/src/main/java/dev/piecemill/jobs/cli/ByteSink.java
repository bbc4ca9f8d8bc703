package dev.piecemill.jobs.cli;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.util.Arrays;

/** A growable byte buffer for output lines: JSON written straight to UTF-8, no char round trip. */
final class ByteSink {
    private byte[] bytes = new byte[1 << 16];
    private int size;

    void write(int b) {
        ensure(1);
        bytes[size++] = (byte) b;
    }

    void ascii(String s) {
        ensure(s.length());
        for (int i = 0; i < s.length(); i++) {
            bytes[size++] = (byte) s.charAt(i);
        }
    }

    void decimal(int value) {
        if (value < 0) {
            write('-');
            value = -value;
        }
        int digits = 1;
        for (int v = value; v >= 10; v /= 10) {
            digits++;
        }
        ensure(digits);
        size += digits;
        for (int i = size - 1; i >= size - digits; i--) {
            bytes[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
    }

    /** {@code values} as JSON array elements, {@code a, b, c}, from the table when it covers them. */
    void decimals(it.unimi.dsi.fastutil.ints.IntList values, Decimals table) {
        int n = values.size();
        ensure(n * 13 + Decimals.SLACK); // ", " and at most 11 characters per int, and the table's slack
        int pos = size;
        for (int i = 0; i < n; i++) {
            int value = values.getInt(i);
            if (table.covers(value)) {
                pos = table.write(value, i == 0, bytes, pos);
            } else {
                if (i > 0) {
                    bytes[pos++] = ',';
                    bytes[pos++] = ' ';
                }
                size = pos;
                decimal(value);
                pos = size;
            }
        }
        size = pos;
    }

    /** A JSON string literal, quotes included. */
    void jsonString(String s) {
        write('"');
        byte[] quoted = JsonStringEncoder.getInstance().quoteAsUTF8(s);
        ensure(quoted.length + 1);
        System.arraycopy(quoted, 0, bytes, size, quoted.length);
        size += quoted.length;
        write('"');
    }

    byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
    }

    private void ensure(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(size + more, bytes.length * 2));
        }
    }
}
