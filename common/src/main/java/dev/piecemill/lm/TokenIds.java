package dev.piecemill.lm;

/**
 * The token ids the language model treats specially, the same numbering as the tokenizer's:
 * 1 pads contexts before a document's first token, 2 ends every document, 3 and up are content.
 */
public final class TokenIds {
    public static final int BOS = 1;
    public static final int EOS = 2;
    public static final int FIRST_CONTENT = 3;

    private TokenIds() {}

    public static boolean isContent(int token) {
        return token >= FIRST_CONTENT;
    }

    /** Throws unless every id of the document is a content id (documents never hold BOS or EOS). */
    public static void requireContent(int[] document) {
        for (int token : document) {
            if (!isContent(token)) {
                throw new IllegalArgumentException("document holds non-content token id " + token);
            }
        }
    }
}
