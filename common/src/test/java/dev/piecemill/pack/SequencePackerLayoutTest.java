package dev.piecemill.pack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Where the packer's documents come from and go: buckets, order inside a bucket, the bytes of a token file. */
class SequencePackerLayoutTest {
    @Test
    void bucketsArePinnedSoEveryJvmAndRunAgrees() {
        // Computed independently (FNV-1a 64 then SplitMix64's finalizer, in Python).
        assertEquals(15, PackBuckets.of("doc-0", 16));
        assertEquals(4, PackBuckets.of("doc-1", 16));
        assertEquals(6, PackBuckets.of("doc-299", 16));
        assertEquals(879, PackBuckets.of("corpus.jsonl:0", 1000));
        assertEquals(990, PackBuckets.of("\u00e9", 1000));
        assertEquals(0, PackBuckets.of("anything", 1));
        assertThrows(IllegalArgumentException.class, () -> PackBuckets.of("doc-0", 0));
    }

    @Test
    void bucketsAreSpreadEvenly() {
        int[] counts = new int[16];
        for (int i = 0; i < 16_000; i++) {
            counts[PackBuckets.of("doc-" + i, 16)]++;
        }
        for (int c : counts) {
            assertTrue(c > 850 && c < 1150, Arrays.toString(counts));
        }
    }

    @Test
    void idsSortInCodePointOrderAsTheirUtf8BytesDo() {
        String[] alphabet = {
            "a",
            "b",
            "Z",
            "-",
            "0",
            "\u00e9",
            "\u4e2d",
            "\uff21",
            "\ue000",
            "\ud83d\ude00",
            "\ud800\udc00",
            "\udbff\udfff"
        };
        SplittableRandom random = new SplittableRandom(3);
        for (int t = 0; t < 20_000; t++) {
            String a = randomString(random, alphabet);
            String b = randomString(random, alphabet);
            int bytes = Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
            assertEquals(Integer.signum(bytes), Integer.signum(DocumentOrder.compareIds(a, b)), a + " vs " + b);
        }
        assertTrue("\uff21".compareTo("\ud83d\ude00") > 0, "String order puts U+FF21 after U+1F600");
        assertTrue(DocumentOrder.compareIds("\uff21", "\ud83d\ude00") < 0, "code point order does not");
    }

    private static String randomString(SplittableRandom random, String[] alphabet) {
        StringBuilder s = new StringBuilder();
        for (int i = random.nextInt(5); i > 0; i--) {
            s.append(alphabet[random.nextInt(alphabet.length)]);
        }
        return s.toString();
    }

    @Test
    void documentsSharingAnIdAreOrderedByTheirTokens() {
        assertTrue(DocumentOrder.compare("a", new int[] {9}, "b", new int[] {3}) < 0, "the id first");
        assertTrue(DocumentOrder.compare("a", new int[] {3, 9}, "a", new int[] {4}) < 0);
        assertTrue(DocumentOrder.compare("a", new int[] {3, 4}, "a", new int[] {3, 4, 5}) < 0, "a prefix first");
        assertEquals(0, DocumentOrder.compare("a", new int[] {3, 4}, "a", new int[] {3, 4}));
    }

    @Test
    void theTokenTypeIsTheNarrowestThatHoldsEveryId() {
        assertEquals(TokenDtype.UINT16, TokenDtype.forVocabSize(40_003));
        assertEquals(TokenDtype.UINT16, TokenDtype.forVocabSize(65_536));
        assertEquals(TokenDtype.UINT32, TokenDtype.forVocabSize(65_537));
        assertEquals("uint16", TokenDtype.UINT16.numpyName());
        assertEquals("uint32", TokenDtype.UINT32.numpyName());
        assertEquals(4, TokenDtype.UINT32.bytes());
    }

    @Test
    void tokensAreWrittenLittleEndian() {
        assertArrayEquals(
                new byte[] {1, 0, 0x34, 0x12, (byte) 0xFF, (byte) 0xFF},
                TokenDtype.UINT16.encode(new int[] {1, 0x1234, 0xFFFF}));
        assertArrayEquals(
                new byte[] {0x70, 0x11, 0x01, 0, 2, 0, 0, 0}, TokenDtype.UINT32.encode(new int[] {70_000, 2}));
        assertThrows(IllegalArgumentException.class, () -> TokenDtype.UINT16.encode(new int[] {65_536}));
        assertThrows(IllegalArgumentException.class, () -> TokenDtype.UINT32.encode(new int[] {-1}));
    }
}
