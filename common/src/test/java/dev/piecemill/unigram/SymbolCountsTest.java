package dev.piecemill.unigram;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class SymbolCountsTest {
    private static String text(SymbolCounts.Character c) {
        return new String(c.bytes().bytes(), StandardCharsets.UTF_8);
    }

    @Test
    void countsBytesAndCharactersOfEveryLengthInByteOrder() {
        SymbolCounts counts = SymbolCounts.of(
                List.of("aé€😀é".getBytes(StandardCharsets.UTF_8), "é".getBytes(StandardCharsets.UTF_8)));
        List<SymbolCounts.Character> characters = counts.characters();
        assertEquals(
                List.of("é", "€", "😀"),
                characters.stream().map(SymbolCountsTest::text).toList());
        assertEquals(
                List.of(3L, 1L, 1L),
                characters.stream().map(SymbolCounts.Character::count).toList());
        assertEquals(1, counts.byteCount('a'));
        assertEquals(3, counts.byteCount(0xC3), "every byte of a character counts as a byte too");
    }

    @Test
    void brokenSequencesCountAsBytesOnly() {
        byte[] truncated = {(byte) 0xE2, (byte) 0x82, 'x', (byte) 0xC3};
        SymbolCounts counts = SymbolCounts.of(List.of(truncated));
        assertEquals(List.of(), counts.characters());
        assertEquals(1, counts.byteCount(0xE2));
        assertEquals(1, counts.byteCount(0xC3));
    }

    @Test
    void mergingAddsCountsWhateverTheSplit() {
        byte[] a = "ñandú".getBytes(StandardCharsets.UTF_8);
        byte[] b = "ñu".getBytes(StandardCharsets.UTF_8);
        SymbolCounts whole = SymbolCounts.of(List.of(a, b));
        SymbolCounts merged = SymbolCounts.of(List.of(b)).merge(SymbolCounts.of(List.of(a)));
        assertEquals(whole.characters(), merged.characters());
        for (int x = 0; x < 256; x++) {
            assertEquals(whole.byteCount(x), merged.byteCount(x));
        }
    }
}
