package dev.piecemill.text;

import dev.piecemill.util.UserError;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** UTF-8 conversions with the reference's error behaviour (Python's str.encode / bytes.decode). */
public final class Utf8 {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private Utf8() {}

    /**
     * Encodes {@code text} into {@code out} (grown when too small) and returns the number of bytes.
     * An unpaired surrogate has no UTF-8 form: Python's {@code str.encode()} raises there, so do we.
     */
    public static byte[] encode(String text, byte[] out, int[] lengthOut) {
        int n = text.length();
        if (out.length < n * 3) {
            out = new byte[Math.max(n * 3, 64)];
        }
        int p = 0;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                out[p++] = (byte) c;
            } else if (c < 0x800) {
                out[p++] = (byte) (0xC0 | (c >> 6));
                out[p++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isSurrogate(c)) {
                char low = i + 1 < n ? text.charAt(i + 1) : 0;
                if (!Character.isHighSurrogate(c) || !Character.isLowSurrogate(low)) {
                    throw new UserError(String.format(
                            "unpaired surrogate U+%04X at character %d: the text has no UTF-8 form", (int) c, i));
                }
                int cp = Character.toCodePoint(c, low);
                i++;
                out[p++] = (byte) (0xF0 | (cp >> 18));
                out[p++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                out[p++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                out[p++] = (byte) (0x80 | (cp & 0x3F));
            } else {
                out[p++] = (byte) (0xE0 | (c >> 12));
                out[p++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                out[p++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        lengthOut[0] = p;
        return out;
    }

    /** Index of the first unpaired surrogate (a string with no UTF-8 form), or -1. */
    public static int firstUnpairedSurrogate(String text) {
        for (int i = 0, n = text.length(); i < n; i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    /** Encodes a whole string; throws on an unpaired surrogate like {@link #encode(String, byte[], int[])}. */
    public static byte[] encode(String text) {
        int[] len = new int[1];
        byte[] buf = encode(text, new byte[0], len);
        return java.util.Arrays.copyOf(buf, len[0]);
    }

    /** Decodes bytes, dropping invalid sequences (Python's {@code bytes.decode(errors='ignore')}). */
    public static String decodeIgnoringErrors(byte[] bytes, int from, int length) {
        CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.IGNORE)
                .onUnmappableCharacter(CodingErrorAction.IGNORE);
        try {
            return decoder.decode(ByteBuffer.wrap(bytes, from, length)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalStateException("an ignoring decoder cannot fail", e);
        }
    }

    /**
     * Decodes strictly: returns null when the bytes are not valid UTF-8, so that a reader can name
     * the record. (Java's String constructor would silently substitute U+FFFD.)
     */
    public static String decodeStrict(byte[] bytes, int from, int length) {
        // Fast path: the JDK's decoder marks every malformed sequence with U+FFFD, so a result
        // without one came from valid input. Only text holding U+FFFD needs the strict decoder.
        String text = new String(bytes, from, length, StandardCharsets.UTF_8);
        if (text.indexOf('\uFFFD') < 0) {
            return text;
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            CharBuffer chars = decoder.decode(ByteBuffer.wrap(bytes, from, length));
            return chars.toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /**
     * Whether {@code bytes[from, to)} is valid UTF-8 as a strict decoder sees it (no overlong
     * forms, no surrogates, nothing above U+10FFFF, no cut sequence), without decoding it.
     */
    public static boolean isValid(byte[] bytes, int from, int to) {
        int i = from;
        while (i < to) {
            while (i + 8 <= to && ((long) LONGS.get(bytes, i) & 0x8080_8080_8080_8080L) == 0) {
                i += 8; // eight ASCII bytes at a time: most text is mostly ASCII
            }
            if (i >= to) {
                break;
            }
            int b = bytes[i];
            if (b >= 0) {
                i++;
                continue;
            }
            b &= 0xFF;
            int need;
            int min;
            if (b >= 0xC2 && b <= 0xDF) {
                need = 1;
                min = 0x80;
            } else if (b >= 0xE0 && b <= 0xEF) {
                need = 2;
                min = 0x800;
            } else if (b >= 0xF0 && b <= 0xF4) {
                need = 3;
                min = 0x10000;
            } else {
                return false; // a continuation byte first, an overlong two-byte lead, or above U+10FFFF
            }
            int c = b & (0x3F >> need);
            for (int k = 1; k <= need; k++) {
                if (i + k >= to) {
                    return false;
                }
                int cont = bytes[i + k] & 0xFF;
                if ((cont & 0xC0) != 0x80) {
                    return false;
                }
                c = c << 6 | (cont & 0x3F);
            }
            if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) {
                return false;
            }
            i += need + 1;
        }
        return true;
    }

    /** Byte offset of the first invalid UTF-8 sequence, or -1 when all is valid. For error messages. */
    public static int firstInvalidOffset(byte[] bytes, int from, int length) {
        CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, from, length);
        CharBuffer out = CharBuffer.allocate(Math.max(16, length));
        var result = decoder.decode(in, out, true);
        return result.isError() ? in.position() - from : -1;
    }
}
