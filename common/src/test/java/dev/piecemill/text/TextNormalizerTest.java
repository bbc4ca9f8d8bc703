package dev.piecemill.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Chunking and NFC as the reference does them (Python's re and unicodedata semantics). */
class TextNormalizerTest {
    /** The tokenizer's pattern; (?d) = UNIX_LINES, so '.' excludes only '\n' as in Python. */
    private static final Pattern TOKENIZER_CHUNKS = Pattern.compile("(?d).*\n+|.+");

    private static final String[] ALPHABET = {"a", "\n", "\r", "é", "中", "\uD83D\uDE00", "\u2028", "\u0085"};

    private static String randomText(SplittableRandom random, int maxLength) {
        StringBuilder sb = new StringBuilder();
        int length = random.nextInt(maxLength + 1);
        for (int i = 0; i < length; i++) {
            sb.append(ALPHABET[random.nextInt(ALPHABET.length)]);
        }
        return sb.toString();
    }

    private static List<String> regexChunks(String text) {
        List<String> chunks = new ArrayList<>();
        Matcher m = TOKENIZER_CHUNKS.matcher(text);
        while (m.find()) {
            chunks.add(m.group());
        }
        return chunks;
    }

    /** Splits bytes[from, to) with tokenizerChunkEnd, decoding each chunk for comparison. */
    private static List<String> byteChunks(byte[] bytes, int from, int to) {
        List<String> chunks = new ArrayList<>();
        for (int start = from; start < to; ) {
            int end = TextNormalizer.tokenizerChunkEnd(bytes, start, to);
            assertTrue(end > start && end <= to, "a chunk is non-empty and within the range");
            chunks.add(new String(bytes, start, end - start, StandardCharsets.UTF_8));
            start = end;
        }
        return chunks;
    }

    @Test
    void byteLevelTokenizerChunksEqualTheRegex() {
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < 20_000; i++) {
            String text = randomText(random, 30);
            byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
            assertEquals(regexChunks(text), byteChunks(utf8, 0, utf8.length), "text " + escape(text));
            // Inside a larger buffer: the split must stop at the range's end, not at the buffer's.
            byte[] padded = new byte[utf8.length + 6];
            java.util.Arrays.fill(padded, (byte) 'z');
            System.arraycopy(utf8, 0, padded, 3, utf8.length);
            assertEquals(regexChunks(text), byteChunks(padded, 3, 3 + utf8.length), "padded " + escape(text));
        }
    }

    private static String escape(String s) {
        return s.replace("\n", "\\n").replace("\r", "\\r");
    }

    private static List<String> trainingChunks(String text, boolean isolateDigits) {
        List<String> chunks = new ArrayList<>();
        for (byte[] chunk : TextNormalizer.trainingChunks(text, isolateDigits)) {
            chunks.add(new String(chunk, StandardCharsets.UTF_8));
        }
        return chunks;
    }

    @Test
    void trainingChunksEndWithTheirNewlines() {
        assertEquals(List.of("ab\n", "cd\n\n", "e"), trainingChunks("ab\ncd\n\ne", false));
        assertEquals(List.of("\n\n", "x\r\n"), trainingChunks("\n\nx\r\n", false));
        assertEquals(List.of(), trainingChunks("", false));
    }

    @Test
    void trainingChunksAreCappedAt10000CodePoints() {
        String line = "x".repeat(10_001);
        assertEquals(List.of("x".repeat(10_000), "x\n"), trainingChunks(line + "\n", false));
        assertEquals(List.of("x".repeat(10_000), "x"), trainingChunks(line, false));
        assertEquals(List.of("x".repeat(10_000) + "\n"), trainingChunks("x".repeat(10_000) + "\n", false));
    }

    /** A supplementary character is one code point (two UTF-16 units), as in Python. */
    @Test
    void supplementaryCharactersCountAsOneCodePoint() {
        String emoji = "\uD83D\uDE00";
        assertEquals(List.of(emoji.repeat(9_999) + "x\n"), trainingChunks(emoji.repeat(9_999) + "x\n", false));
        assertEquals(List.of(emoji.repeat(10_000), emoji + "\n"), trainingChunks(emoji.repeat(10_001) + "\n", false));
    }

    @Test
    void atMost100NewlinesAreAttached() {
        assertEquals(
                List.of("text" + "\n".repeat(100), "\n".repeat(50), "more"),
                trainingChunks("text" + "\n".repeat(150) + "more", false));
        assertEquals(List.of("\n".repeat(100), "\n".repeat(100), "\n"), trainingChunks("\n".repeat(201), false));
        assertEquals(List.of("d" + "\n".repeat(100), "\n".repeat(50)), trainingChunks("d" + "\n".repeat(150), true));
    }

    /** Python's \d is Unicode category Nd: Arabic-Indic and fullwidth digits are isolated, '²' (No) is not. */
    @Test
    void isolatedDigitsAreUnicodeDecimalDigits() {
        String text = "ab12c\u0663d\uFF13e\u00B2f\n\n7";
        assertEquals(
                List.of("ab", "1", "2", "c", "\u0663", "d", "\uFF13", "e\u00B2f\n\n", "7"), trainingChunks(text, true));
        assertEquals(List.of("ab12c\u0663d\uFF13e\u00B2f\n\n", "7"), trainingChunks(text, false));
        // A supplementary-plane digit (MATHEMATICAL BOLD DIGIT ONE, U+1D7CF) is one chunk too.
        assertEquals(List.of("x", "\uD835\uDFCF", "y"), trainingChunks("x\uD835\uDFCFy", true));
    }

    @Test
    void capAppliesBetweenDigitsToo() {
        String run = "y".repeat(10_005);
        assertEquals(List.of("1", "y".repeat(10_000), "yyyyy\n", "2"), trainingChunks("1" + run + "\n2", true));
    }

    /**
     * An independent reading of the capped patterns on code points, for random long texts:
     * at each position a digit (when isolated) is a chunk; otherwise take the run of other
     * non-newline characters; if it has at most 10,000 and newlines follow, attach up to 100;
     * if it is longer, cut at 10,000; else the run alone.
     */
    private static List<String> expectedTrainingChunks(String text, boolean isolateDigits) {
        int[] cps = text.codePoints().toArray();
        List<String> chunks = new ArrayList<>();
        int i = 0;
        while (i < cps.length) {
            if (isolateDigits && Character.getType(cps[i]) == Character.DECIMAL_DIGIT_NUMBER) {
                chunks.add(new String(cps, i, 1));
                i++;
                continue;
            }
            int run = i;
            while (run < cps.length
                    && cps[run] != '\n'
                    && !(isolateDigits && Character.getType(cps[run]) == Character.DECIMAL_DIGIT_NUMBER)) {
                run++;
            }
            int end;
            if (run - i > 10_000) {
                end = i + 10_000;
            } else if (run < cps.length && cps[run] == '\n') {
                end = run;
                while (end < cps.length && cps[end] == '\n' && end - run < 100) {
                    end++;
                }
            } else {
                end = run;
            }
            chunks.add(new String(cps, i, end - i));
            i = end;
        }
        return chunks;
    }

    @Test
    void trainingChunksMatchAnIndependentReading() {
        SplittableRandom random = new SplittableRandom(2);
        String[] pieces = {"a", "é", "中", "\uD83D\uDE00", "5", "\u0663", "\u00B2", " ", "\r"};
        for (int doc = 0; doc < 40; doc++) {
            StringBuilder sb = new StringBuilder();
            int blocks = 1 + random.nextInt(6);
            for (int b = 0; b < blocks; b++) {
                int runLength = random.nextInt(4) == 0 ? 9_990 + random.nextInt(30) : random.nextInt(40);
                boolean withDigits = random.nextBoolean();
                for (int k = 0; k < runLength; k++) {
                    sb.append(pieces[random.nextInt(withDigits ? pieces.length : 4)]);
                }
                sb.append("\n".repeat(random.nextInt(4) == 0 ? 95 + random.nextInt(120) : random.nextInt(3)));
            }
            String text = sb.toString();
            for (boolean isolate : new boolean[] {false, true}) {
                List<String> expected = expectedTrainingChunks(text, isolate);
                assertEquals(expected, trainingChunks(text, isolate), "doc " + doc + " isolate " + isolate);
                assertEquals(text, String.join("", expected), "the chunks cover the text");
            }
        }
    }

    @Test
    void nfcComposes() {
        assertEquals("\u00E9", TextNormalizer.nfc("e\u0301"));
        assertEquals("caf\u00E9 \uAC00", TextNormalizer.nfc("cafe\u0301 \u1100\u1161")); // Hangul jamo compose
        assertEquals("\u00C5", TextNormalizer.nfc("\u212B")); // ANGSTROM SIGN is replaced on its own
        // Marks are reordered by combining class, then composed: a + dot below + circumflex.
        assertEquals("\u1EAD", TextNormalizer.nfc("a\u0302\u0323"));
        // U+1D15E (a supplementary character) is a composition exclusion: NFC decomposes it.
        assertEquals("\uD834\uDD57\uD834\uDD65", TextNormalizer.nfc("\uD834\uDD5E"));
    }

    @Test
    void nfcLeavesNormalizedTextAlone() {
        String ascii = "plain ASCII text, 123\n";
        assertSame(ascii, TextNormalizer.nfc(ascii));
        String mixed = "caf\u00E9 \u4E2D\u6587 \u0663";
        assertEquals(mixed, TextNormalizer.nfc(mixed));
    }

    /**
     * The fast path skips normalizing strings of "safe" characters. It is only right if every
     * canonical decomposition, recomposed, and every single code point, come out as the JDK's NFC.
     */
    @Test
    void nfcFastPathAgreesWithTheJdkEverywhere() {
        for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
            if (!Character.isDefined(cp) || (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE)) {
                continue;
            }
            String single = Character.toString(cp);
            assertEquals(
                    Normalizer.normalize(single, Normalizer.Form.NFC),
                    TextNormalizer.nfc(single),
                    String.format("U+%04X", cp));
            String decomposed = Normalizer.normalize(single, Normalizer.Form.NFD);
            if (!decomposed.equals(single)) {
                assertEquals(
                        Normalizer.normalize(decomposed, Normalizer.Form.NFC),
                        TextNormalizer.nfc(decomposed),
                        String.format("NFD of U+%04X", cp));
            }
        }
    }

    /**
     * The byte-level quick check: "NFC" only for NFC text; "maybe not" for text with a combining
     * mark, a jamo, a character NFC replaces, or a supplementary character (the full path).
     */
    @Test
    void quickNfcCheckOnUtf8() {
        String[] stable = {"a", "\n", "\u00e9", "\uAC00", "\u4e2d", "\u0410", "\u02FF"};
        String[] unstable = {"e\u0301", "\u0301", "\u1100\u1161", "\u212B", "\uD83D\uDE00", "\u0300", "\u0374", "\uFB1D"
        };
        SplittableRandom random = new SplittableRandom(11);
        for (int trial = 0; trial < 20_000; trial++) {
            StringBuilder sb = new StringBuilder();
            boolean expectStable = true;
            for (int i = random.nextInt(6); i > 0; i--) {
                boolean pickStable = random.nextInt(3) > 0;
                String[] from = pickStable ? stable : unstable;
                sb.append(from[random.nextInt(from.length)]);
                expectStable &= pickStable;
            }
            String text = sb.toString();
            byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
            boolean quick = TextNormalizer.isNfcUtf8(utf8, 0, utf8.length);
            assertEquals(expectStable, quick, text);
            if (quick) {
                assertEquals(Normalizer.normalize(text, Normalizer.Form.NFC), text, "quick yes means NFC");
            }
        }
    }
}
