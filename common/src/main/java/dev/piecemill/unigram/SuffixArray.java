package dev.piecemill.unigram;

import java.util.Arrays;

/**
 * Suffix arrays by induced sorting (SA-IS, Nong, Zhang and Chan 2009), linear in the text, and
 * longest common prefixes by Kasai's algorithm, capped: the seed extractor needs prefixes only
 * up to the longest piece, and the cap keeps duplicated documents from costing their length.
 */
public final class SuffixArray {
    private SuffixArray() {}

    /**
     * The suffix array of {@code text}, whose last symbol must be 0 and occur nowhere else;
     * every symbol lies in [0, alphabet).
     */
    public static int[] build(int[] text, int alphabet) {
        int n = text.length;
        if (n == 0 || text[n - 1] != 0) {
            throw new IllegalArgumentException("the text must end with the sentinel 0");
        }
        int[] sa = new int[n];
        sais(text, sa, n, alphabet);
        return sa;
    }

    /**
     * lcp[i] = the common prefix length of the suffixes at sa[i - 1] and sa[i], at most {@code cap};
     * lcp[0] = 0.
     */
    public static int[] lcp(int[] text, int[] sa, int cap) {
        int n = text.length;
        int[] rank = new int[n];
        for (int i = 0; i < n; i++) {
            rank[sa[i]] = i;
        }
        int[] lcp = new int[n];
        int h = 0;
        for (int i = 0; i < n; i++) {
            int r = rank[i];
            if (r == 0) {
                h = 0;
                continue;
            }
            int j = sa[r - 1];
            // The sentinel is unique, so neither walk runs past the end.
            while (h < cap && text[i + h] == text[j + h]) {
                h++;
            }
            lcp[r] = h;
            if (h > 0) {
                h--;
            }
        }
        return lcp;
    }

    private static void sais(int[] t, int[] sa, int n, int k) {
        boolean[] sType = new boolean[n];
        sType[n - 1] = true;
        for (int i = n - 2; i >= 0; i--) {
            sType[i] = t[i] < t[i + 1] || (t[i] == t[i + 1] && sType[i + 1]);
        }
        int[] bucket = new int[k];
        Arrays.fill(sa, -1);
        bucketEnds(t, bucket, k);
        for (int i = 1; i < n; i++) {
            if (isLms(sType, i)) {
                sa[--bucket[t[i]]] = i;
            }
        }
        induce(t, sa, sType, bucket, n, k);

        // The sorted LMS substrings, named in order; equal substrings share a name.
        int lmsCount = 0;
        for (int i = 0; i < n; i++) {
            if (isLms(sType, sa[i])) {
                sa[lmsCount++] = sa[i];
            }
        }
        Arrays.fill(sa, lmsCount, n, -1);
        int name = 0;
        int previous = -1;
        for (int i = 0; i < lmsCount; i++) {
            int pos = sa[i];
            if (previous < 0 || !sameLmsSubstring(t, sType, pos, previous)) {
                name++;
                previous = pos;
            }
            sa[lmsCount + pos / 2] = name - 1;
        }
        int[] reduced = new int[lmsCount];
        for (int i = n - 1, j = lmsCount - 1; i >= lmsCount; i--) {
            if (sa[i] >= 0) {
                reduced[j--] = sa[i];
            }
        }
        int[] reducedSa = new int[lmsCount];
        if (name < lmsCount) {
            sais(reduced, reducedSa, lmsCount, name);
        } else {
            for (int i = 0; i < lmsCount; i++) {
                reducedSa[reduced[i]] = i;
            }
        }

        // Place the LMS suffixes in their sorted order, then induce the rest.
        int[] lmsPositions = reduced; // reused: position of the j-th LMS suffix in the text
        for (int i = 1, j = 0; i < n; i++) {
            if (isLms(sType, i)) {
                lmsPositions[j++] = i;
            }
        }
        Arrays.fill(sa, -1);
        bucketEnds(t, bucket, k);
        for (int i = lmsCount - 1; i >= 0; i--) {
            int p = lmsPositions[reducedSa[i]];
            sa[--bucket[t[p]]] = p;
        }
        induce(t, sa, sType, bucket, n, k);
    }

    private static void induce(int[] t, int[] sa, boolean[] sType, int[] bucket, int n, int k) {
        bucketStarts(t, bucket, k);
        for (int i = 0; i < n; i++) {
            int j = sa[i] - 1;
            if (j >= 0 && !sType[j]) {
                sa[bucket[t[j]]++] = j;
            }
        }
        bucketEnds(t, bucket, k);
        for (int i = n - 1; i >= 0; i--) {
            int j = sa[i] - 1;
            if (j >= 0 && sType[j]) {
                sa[--bucket[t[j]]] = j;
            }
        }
    }

    private static boolean sameLmsSubstring(int[] t, boolean[] sType, int a, int b) {
        for (int d = 0; ; d++) {
            if (t[a + d] != t[b + d] || sType[a + d] != sType[b + d]) {
                return false;
            }
            if (d > 0 && (isLms(sType, a + d) || isLms(sType, b + d))) {
                return isLms(sType, a + d) && isLms(sType, b + d);
            }
        }
    }

    private static boolean isLms(boolean[] sType, int i) {
        return i > 0 && sType[i] && !sType[i - 1];
    }

    private static void bucketStarts(int[] t, int[] bucket, int k) {
        Arrays.fill(bucket, 0);
        for (int c : t) {
            bucket[c]++;
        }
        for (int c = 0, sum = 0; c < k; c++) {
            int size = bucket[c];
            bucket[c] = sum;
            sum += size;
        }
    }

    private static void bucketEnds(int[] t, int[] bucket, int k) {
        Arrays.fill(bucket, 0);
        for (int c : t) {
            bucket[c]++;
        }
        for (int c = 0, sum = 0; c < k; c++) {
            sum += bucket[c];
            bucket[c] = sum;
        }
    }
}
