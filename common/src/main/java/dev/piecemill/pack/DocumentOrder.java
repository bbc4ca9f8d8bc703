package dev.piecemill.pack;

import java.util.Arrays;

/**
 * The order documents are packed in: by id in Unicode code point order (the order of the ids'
 * UTF-8 bytes, as Spark SQL and Parquet tools sort strings, which String.compareTo is not above
 * U+FFFF), documents sharing an id by their token ids.
 */
public final class DocumentOrder {
    private DocumentOrder() {}

    public static int compare(String idA, int[] tokensA, String idB, int[] tokensB) {
        int byId = compareIds(idA, idB);
        return byId != 0 ? byId : Arrays.compare(tokensA, tokensB);
    }

    /** Code point order without decoding: UTF-16 order but for surrogates, moved above U+E000..U+FFFF. */
    public static int compareIds(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y) {
                return rank(x) - rank(y);
            }
        }
        return a.length() - b.length();
    }

    private static int rank(char c) {
        if (c >= 0xE000) {
            return c - 0x800;
        }
        return Character.isSurrogate(c) ? c + 0x2000 : c;
    }
}
