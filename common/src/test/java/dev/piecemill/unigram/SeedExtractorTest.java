package dev.piecemill.unigram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.piecemill.util.ByteString;
import it.unimi.dsi.fastutil.objects.Object2LongOpenHashMap;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SeedExtractorTest {
    private static final String[] WORDS = {"the", "cat", "é", "naïve", "über", "日本", "a", "ab", "b", ",", "3"};

    @Test
    void everyRightBranchingValidSubstringIsFoundWithItsExactCount() {
        Random random = new Random(3);
        for (int trial = 0; trial < 40; trial++) {
            List<byte[]> chunks = randomChunks(random);
            SeedRules rules = new SeedRules(2 + random.nextInt(10), 1 + random.nextInt(3));
            Object2LongOpenHashMap<ByteString> found = new SeedExtractor(rules).candidates(chunks, Integer.MAX_VALUE);
            Map<ByteString, Long> counts = substringCounts(chunks, rules.maxPieceBytes() + 1);
            for (var e : found.object2LongEntrySet()) {
                byte[] s = e.getKey().bytes();
                assertEquals(counts.get(e.getKey()), e.getLongValue(), "count of " + show(s));
                assertTrue(valid(s, rules), show(s) + " breaks the rules " + rules);
            }
            // Every valid string seen twice is found unless an extension of it is as frequent.
            for (var e : counts.entrySet()) {
                byte[] s = e.getKey().bytes();
                if (e.getValue() < 2 || s.length < 2 || !valid(s, rules)) {
                    continue;
                }
                boolean dominated = false;
                for (var f : counts.entrySet()) {
                    byte[] t = f.getKey().bytes();
                    if (t.length > s.length
                            && f.getValue().equals(e.getValue())
                            && startsWith(t, s)
                            && valid(t, rules)) {
                        dominated = true;
                        break;
                    }
                }
                assertEquals(!dominated, found.containsKey(e.getKey()), show(s) + " count " + e.getValue());
            }
        }
    }

    @Test
    void theLimitKeepsTheBestByCountTimesLength() {
        List<byte[]> chunks = List.of(bytes("abcabcabc xyxy"), bytes("abcabc xy"));
        SeedExtractor extractor = new SeedExtractor(new SeedRules(8, 2));
        var all = extractor.candidates(chunks, Integer.MAX_VALUE);
        var two = extractor.candidates(chunks, 2);
        assertEquals(2, two.size());
        long second = all.object2LongEntrySet().stream()
                .mapToLong(e -> e.getLongValue() * e.getKey().length())
                .boxed()
                .sorted((a, b) -> Long.compare(b, a))
                .skip(1)
                .findFirst()
                .orElseThrow();
        for (var e : two.object2LongEntrySet()) {
            assertTrue(e.getLongValue() * e.getKey().length() >= second);
        }
        assertFalse(all.containsKey(ByteString.wrap(bytes("a"))), "single bytes are never seeds");
    }

    private static List<byte[]> randomChunks(Random random) {
        List<byte[]> chunks = new ArrayList<>();
        for (int c = 0, n = 1 + random.nextInt(5); c < n; c++) {
            StringBuilder sb = new StringBuilder();
            for (int w = 0, k = random.nextInt(12); w < k; w++) {
                sb.append(WORDS[random.nextInt(WORDS.length)]).append(random.nextInt(4) == 0 ? "  " : " ");
            }
            chunks.add(bytes(sb.toString()));
        }
        return chunks;
    }

    private static Map<ByteString, Long> substringCounts(List<byte[]> chunks, int maxLength) {
        Map<ByteString, Long> counts = new HashMap<>();
        for (byte[] c : chunks) {
            for (int i = 0; i < c.length; i++) {
                for (int j = i + 1; j <= Math.min(c.length, i + maxLength); j++) {
                    counts.merge(ByteString.copyOf(c, i, j), 1L, Long::sum);
                }
            }
        }
        return counts;
    }

    @Test
    void aPieceEndsInBlanksOnlyAfterPunctuationOrIfItIsAllBlank() {
        SeedRules rules = new SeedRules(16, 3);
        assertEquals(3, longestValidPrefix(rules, "cat "), "the space after a word is the next word's");
        assertEquals(3, longestValidPrefix(rules, "dog\t\t"), "likewise tabs");
        assertEquals(6, longestValidPrefix(rules, "日本 "), "a word of any script");
        assertEquals(2, longestValidPrefix(rules, "a3  "), "digits are word characters");
        assertEquals(2, longestValidPrefix(rules, ". "), "a space may follow punctuation");
        assertEquals(4, longestValidPrefix(rules, ", \t\t"), "so may a run of blanks");
        assertEquals(3, longestValidPrefix(rules, "   "), "indentation is a piece");
        assertEquals(6, longestValidPrefix(rules, " cat. "), "the last character before the blanks decides");
        assertEquals(4, longestValidPrefix(rules, "cat\n"), "a newline ends a chunk, and a piece may end in it");
    }

    /** The rules' longest valid prefix of the whole of {@code s}. */
    private static int longestValidPrefix(SeedRules rules, String s) {
        byte[] b = bytes(s);
        return rules.longestValidPrefix(i -> i < b.length ? b[i] & 0xFF : -1, 0, b.length);
    }

    /** The rules restated plainly: whole characters, the byte cap, the word cap, blanks at the end. */
    private static boolean valid(byte[] s, SeedRules rules) {
        if (s.length > rules.maxPieceBytes()) {
            return false;
        }
        String text = new String(s, StandardCharsets.UTF_8);
        if (!java.util.Arrays.equals(text.getBytes(StandardCharsets.UTF_8), s)) {
            return false;
        }
        long words = java.util.Arrays.stream(text.split("[ \t\r\n]+"))
                .filter(w -> !w.isEmpty())
                .count();
        if (words > rules.maxWords()) {
            return false;
        }
        String trimmed = text.replaceAll("[ \t]+$", "");
        return trimmed.isEmpty()
                || trimmed.equals(text)
                || !Character.isLetterOrDigit(trimmed.codePointAt(trimmed.length() - 1))
                        && trimmed.charAt(trimmed.length() - 1) < 0x80;
    }

    private static boolean startsWith(byte[] t, byte[] s) {
        return java.util.Arrays.equals(t, 0, s.length, s, 0, s.length);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String show(byte[] s) {
        return "'" + new String(s, StandardCharsets.UTF_8) + "'";
    }
}
