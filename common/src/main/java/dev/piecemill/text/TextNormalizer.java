package dev.piecemill.text;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The reference's text normalization: Unicode NFC, then chunks cut by newline runs
 * ({@code .*\n+|.+} for tokenization; capped, and optionally with digits isolated, for training).
 * Only U+000A counts as a newline, as '.' in Python's {@code re} excludes nothing else.
 */
public final class TextNormalizer {
    /** Training caps chunks at this many characters (the reference's {@code maxlen}). */
    public static final int TRAINING_MAX_CHUNK_CHARS = 10_000;
    /** Training attaches at most this many newlines to a chunk. */
    public static final int TRAINING_MAX_NEWLINES = 100;

    private TextNormalizer() {}

    /**
     * Unicode NFC. Most text is NFC already, and checking is far cheaper than normalizing: a
     * string whose characters all pass {@link #MAY_CHANGE_UNDER_NFC} is returned as it is.
     */
    public static String nfc(String text) {
        for (int i = 0, n = text.length(); i < n; i++) {
            char c = text.charAt(i);
            if (c >= 0x300 && MAY_CHANGE_UNDER_NFC.get(c)) {
                return Normalizer.normalize(text, Normalizer.Form.NFC);
            }
        }
        return text;
    }

    /**
     * Whether valid UTF-8 {@code utf8[from, to)} is NFC by the same quick check as {@link #nfc}:
     * true when no character may change (then the text is NFC), false when the text needs the
     * full normalizer (which may still leave it unchanged). Bytes below 0xCC lead characters
     * below U+0300, which never qualify, so most text is scanned at a byte per step.
     */
    public static boolean isNfcUtf8(byte[] utf8, int from, int to) {
        for (int i = from; i < to; i++) {
            int b = utf8[i] & 0xFF;
            if (b < 0xCC) {
                continue;
            }
            if (b >= 0xF0) {
                return false; // a supplementary character: the full path, as nfc() does for surrogates
            }
            int c = b < 0xE0
                    ? (b & 0x1F) << 6 | (utf8[i + 1] & 0x3F)
                    : (b & 0x0F) << 12 | (utf8[i + 1] & 0x3F) << 6 | (utf8[i + 2] & 0x3F);
            if (MAY_CHANGE_UNDER_NFC.get(c)) {
                return false;
            }
            i += b < 0xE0 ? 1 : 2;
        }
        return true;
    }

    /**
     * UTF-16 units that can make a string differ from its NFC: combining marks (every character
     * with a nonzero combining class, and most that compose with what precedes them, is one),
     * Hangul jamo (they compose into syllables), characters that NFC replaces on their own, and
     * surrogates (supplementary characters take the full path). Any other character is
     * NFC_Quick_Check=Yes with combining class 0, and a string of those is NFC. Below U+0300
     * nothing qualifies.
     */
    private static final BitSet MAY_CHANGE_UNDER_NFC = new BitSet(0x10000);

    static {
        for (int c = 0x300; c < 0x10000; c++) {
            int type = Character.getType(c);
            boolean mark = type == Character.NON_SPACING_MARK
                    || type == Character.COMBINING_SPACING_MARK
                    || type == Character.ENCLOSING_MARK;
            boolean jamo = c >= 0x1100 && c <= 0x11FF;
            boolean surrogate = c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE;
            if (mark
                    || jamo
                    || surrogate
                    || type == Character.UNASSIGNED
                    || !Normalizer.isNormalized(String.valueOf((char) c), Normalizer.Form.NFC)) {
                MAY_CHANGE_UNDER_NFC.set(c);
            }
        }
    }

    /**
     * End (exclusive) of the tokenizer chunk that starts at {@code start} in UTF-8 bytes: the run of
     * non-newline bytes and then every newline after it. Byte 0x0A never occurs inside a multi-byte
     * UTF-8 sequence, so this equals splitting the characters.
     */
    public static int tokenizerChunkEnd(byte[] utf8, int start, int end) {
        int e = start;
        while (e < end && utf8[e] != '\n') {
            e++;
        }
        while (e < end && utf8[e] == '\n') {
            e++;
        }
        return e;
    }

    /**
     * Training chunks of already NFC-normalized text, as UTF-8: the reference's
     * {@code .{,10000}\n{1,100}|.{1,10000}}, or with {@code isolateDigits}
     * {@code \d|[^\n\d]{,10000}\n{1,100}|[^\n\d]{1,10000}}. The patterns are compiled with
     * Python's meaning: '.' excludes only U+000A (UNIX_LINES) and {@code \d} is any Unicode
     * decimal digit (UNICODE_CHARACTER_CLASS); repetition counts code points, as Python's does.
     */
    public static List<byte[]> trainingChunks(String nfcText, boolean isolateDigits) {
        Matcher m = (isolateDigits ? TRAINING_DIGITS : TRAINING).matcher(nfcText);
        List<byte[]> chunks = new ArrayList<>();
        while (m.find()) {
            chunks.add(Utf8.encode(m.group()));
        }
        return chunks;
    }

    private static final int FLAGS = Pattern.UNIX_LINES | Pattern.UNICODE_CHARACTER_CLASS;
    private static final Pattern TRAINING = Pattern.compile(
            String.format(".{0,%1$d}\n{1,%2$d}|.{1,%1$d}", TRAINING_MAX_CHUNK_CHARS, TRAINING_MAX_NEWLINES), FLAGS);
    private static final Pattern TRAINING_DIGITS = Pattern.compile(
            String.format(
                    "\\d|[^\n\\d]{0,%1$d}\n{1,%2$d}|[^\n\\d]{1,%1$d}", TRAINING_MAX_CHUNK_CHARS, TRAINING_MAX_NEWLINES),
            FLAGS);
}
