package dev.piecemill.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** UTF-8 with Python's behaviour: encoding refuses lone surrogates, decoding drops what is invalid. */
class Utf8Test {
    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    /** Python's str.encode() raises on these; String.getBytes would silently write '?'. */
    @ParameterizedTest
    @CsvSource({
        "a\uD800, 1, D800",
        "\uD800a, 0, D800",
        "x\uDC00, 1, DC00",
        "\uDC00\uD800, 0, DC00",
        "\uD83D\uDE00\uDE00, 2, DE00"
    })
    void encodeRejectsUnpairedSurrogates(String text, int index, String hex) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Utf8.encode(text));
        assertTrue(
                e.getMessage().contains("U+" + hex) && e.getMessage().contains("character " + index), e.getMessage());
        assertEquals(index, Utf8.firstUnpairedSurrogate(text));
    }

    @Test
    void encodeEqualsTheJdkOnValidText() {
        // The boundaries of each encoded length, and supplementary characters.
        int[] edges = {0, 0x7F, 0x80, 0x7FF, 0x800, 0xD7FF, 0xE000, 0xFFFD, 0xFFFF, 0x10000, 0x1F600, 0x10FFFF};
        StringBuilder all = new StringBuilder();
        for (int cp : edges) {
            all.appendCodePoint(cp);
        }
        assertArrayEquals(all.toString().getBytes(StandardCharsets.UTF_8), Utf8.encode(all.toString()));
        assertEquals(-1, Utf8.firstUnpairedSurrogate(all.toString()));

        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 5_000; i++) {
            StringBuilder sb = new StringBuilder();
            for (int k = random.nextInt(30); k > 0; k--) {
                int cp = switch (random.nextInt(4)) {
                    case 0 -> random.nextInt(0x80);
                    case 1 -> random.nextInt(0x80, 0x800);
                    case 2 -> random.nextInt(0x800, 0xD800);
                    default -> random.nextInt(0x10000, 0x110000);
                };
                sb.appendCodePoint(cp);
            }
            String text = sb.toString();
            assertArrayEquals(text.getBytes(StandardCharsets.UTF_8), Utf8.encode(text));
        }
    }

    /** The buffer form reuses a large enough buffer and grows a small one. */
    @Test
    void encodeIntoABuffer() {
        String text = "a\u00E9\u4E2D\uD83D\uDE00";
        int[] length = new int[1];
        byte[] big = new byte[100];
        assertSame(big, Utf8.encode(text, big, length));
        assertEquals(10, length[0]);
        assertArrayEquals(text.getBytes(StandardCharsets.UTF_8), Arrays.copyOf(big, length[0]));
        byte[] grown = Utf8.encode(text, new byte[2], length);
        assertArrayEquals(text.getBytes(StandardCharsets.UTF_8), Arrays.copyOf(grown, length[0]));
    }

    /** Expected values are what Python's bytes.decode('utf-8', 'ignore') returns. */
    @Test
    void decodeIgnoringErrorsDropsInvalidBytes() {
        assertEquals("ab", ignoring(bytes('a', 0xE4, 0xB8, 'b'))); // a truncated 3-byte sequence
        assertEquals("a", ignoring(bytes(0xFF, 'a')));
        assertEquals("z", ignoring(bytes(0xC0, 0x80, 'z'))); // overlong NUL
        assertEquals("x", ignoring(bytes(0xED, 0xA0, 0x80, 'x'))); // an encoded surrogate
        assertEquals("y", ignoring(bytes(0xF4, 0x90, 0x80, 0x80, 'y'))); // above U+10FFFF
        assertEquals("\u4E2D", ignoring(bytes(0xE4, 0xB8, 0xAD, 0xE4))); // cut at the end
        assertEquals("", ignoring(bytes(0xF0, 0x9F, 0x98)));
        // A sub-range of a larger array.
        byte[] text = "xx\u4E2Dyy".getBytes(StandardCharsets.UTF_8);
        assertEquals("\u4E2D", Utf8.decodeIgnoringErrors(text, 2, 3));
        assertEquals("x", Utf8.decodeIgnoringErrors(text, 1, 3)); // 'x' and the first two bytes of 中
    }

    private static String ignoring(byte[] b) {
        return Utf8.decodeIgnoringErrors(b, 0, b.length);
    }

    @Test
    void decodeStrictReturnsNullOnInvalidInput() {
        for (byte[] bad : new byte[][] {
            bytes('a', 0xE4, 0xB8, 'b'),
            bytes(0xFF),
            bytes(0xC0, 0x80),
            bytes(0xED, 0xA0, 0x80),
            bytes(0xF0, 0x9F, 0x98),
            bytes(0x80)
        }) {
            assertNull(Utf8.decodeStrict(bad, 0, bad.length), Arrays.toString(bad));
        }
        byte[] good = "a\u00E9\u4E2D\uD83D\uDE00".getBytes(StandardCharsets.UTF_8);
        assertEquals("a\u00E9\u4E2D\uD83D\uDE00", Utf8.decodeStrict(good, 0, good.length));
        assertEquals("\u4E2D", Utf8.decodeStrict(good, 3, 3));
        assertNull(Utf8.decodeStrict(good, 3, 2), "a character cut short");
    }

    /** A real U+FFFD is valid text; only malformed bytes are refused, with or without one beside them. */
    @Test
    void decodeStrictTellsARealReplacementCharacterFromAMalformedSequence() {
        byte[] replacement = "x\uFFFDy".getBytes(StandardCharsets.UTF_8);
        assertEquals("x\uFFFDy", Utf8.decodeStrict(replacement, 0, replacement.length));
        byte[] both = bytes('x', 0xEF, 0xBF, 0xBD, 0xFF, 'y');
        assertNull(Utf8.decodeStrict(both, 0, both.length));
    }

    @Test
    void firstInvalidOffsetPointsAtTheBadSequence() {
        assertEquals(1, Utf8.firstInvalidOffset(bytes('a', 0xE4, 0xB8, 'b'), 0, 4));
        assertEquals(3, Utf8.firstInvalidOffset(bytes('a', 'b', 'c', 0xFF), 0, 4));
        assertEquals(-1, Utf8.firstInvalidOffset(bytes('a', 0xC3, 0xA9), 0, 3));
        assertEquals(0, Utf8.firstInvalidOffset(bytes('a', 0xFF), 1, 1), "relative to the range");
    }

    /** isValid agrees with the JDK's strict decoder on random bytes biased to UTF-8's edges. */
    @Test
    void isValidAgreesWithTheStrictDecoder() {
        int[] edges = {
            0x00, 0x41, 0x7F, 0x80, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF, 0x9F, 0xA0,
            0x8F, 0x90
        };
        SplittableRandom random = new SplittableRandom(7);
        int valid = 0;
        for (int trial = 0; trial < 200_000; trial++) {
            byte[] b = new byte[random.nextInt(7)];
            for (int i = 0; i < b.length; i++) {
                b[i] = (byte) (random.nextInt(4) == 0 ? random.nextInt(256) : edges[random.nextInt(edges.length)]);
            }
            boolean strict = strictlyDecodes(b);
            assertEquals(strict, Utf8.isValid(b, 0, b.length), () -> Arrays.toString(b));
            valid += strict ? 1 : 0;
        }
        assertTrue(valid > 10_000, "the trials include valid sequences, not only invalid ones: " + valid);
        byte[] text = "ab\u00e9\u4e2d\uD83D\uDE00".getBytes(StandardCharsets.UTF_8);
        assertTrue(Utf8.isValid(text, 0, text.length));
        assertEquals(false, Utf8.isValid(text, 0, text.length - 1), "a cut 4-byte sequence");
        assertTrue(Utf8.isValid(text, 1, 4), "a range inside a larger array");
    }

    private static boolean strictlyDecodes(byte[] b) {
        try {
            StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(b));
            return true;
        } catch (java.nio.charset.CharacterCodingException e) {
            return false;
        }
    }
}
