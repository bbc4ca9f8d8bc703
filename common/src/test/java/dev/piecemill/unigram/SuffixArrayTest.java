package dev.piecemill.unigram;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SuffixArrayTest {
    @Test
    void suffixArrayAndCappedLcpEqualThoseOfSortingEverySuffix() {
        Random random = new Random(5);
        for (int trial = 0; trial < 300; trial++) {
            int alphabet = 2 + random.nextInt(trial % 3 == 0 ? 2 : 20);
            int[] text = new int[1 + random.nextInt(200)];
            for (int i = 0; i < text.length - 1; i++) {
                text[i] = 1 + random.nextInt(alphabet - 1);
            }
            text[text.length - 1] = 0;
            Integer[] naive = new Integer[text.length];
            for (int i = 0; i < naive.length; i++) {
                naive[i] = i;
            }
            Arrays.sort(naive, (a, b) -> Arrays.compare(text, a, text.length, text, b, text.length));
            int[] expected = Arrays.stream(naive).mapToInt(Integer::intValue).toArray();
            int[] sa = SuffixArray.build(text, alphabet);
            assertArrayEquals(expected, sa, "trial " + trial);
            int cap = 1 + random.nextInt(6);
            int[] lcp = SuffixArray.lcp(text, sa, cap);
            for (int i = 1; i < sa.length; i++) {
                int h = 0;
                while (text[sa[i] + h] == text[sa[i - 1] + h]) {
                    h++;
                }
                if (Math.min(h, cap) != lcp[i]) {
                    throw new AssertionError(
                            "trial " + trial + " lcp[" + i + "] = " + lcp[i] + ", expected " + Math.min(h, cap));
                }
            }
        }
    }
}
