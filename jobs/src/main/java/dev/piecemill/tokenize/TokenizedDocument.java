package dev.piecemill.tokenize;

import java.io.Serializable;

/**
 * One output row of the tokenize job, as a Java bean: Spark's bean encoder writes its int[]
 * straight into the row's array (no boxing per id), which the generic Row path cannot do.
 */
public final class TokenizedDocument implements Serializable {
    private static final long serialVersionUID = 1L;
    private String docId;
    private int[] ids;
    private long numBytes;
    private int numTokens;

    public TokenizedDocument() {
    }

    TokenizedDocument(String docId, int[] ids, long numBytes, int numTokens) {
        this.docId = docId;
        this.ids = ids;
        this.numBytes = numBytes;
        this.numTokens = numTokens;
    }

    public String getDocId() {
        return docId;
    }

    public void setDocId(String docId) {
        this.docId = docId;
    }

    public int[] getIds() {
        return ids;
    }

    public void setIds(int[] ids) {
        this.ids = ids;
    }

    public long getNumBytes() {
        return numBytes;
    }

    public void setNumBytes(long numBytes) {
        this.numBytes = numBytes;
    }

    public int getNumTokens() {
        return numTokens;
    }

    public void setNumTokens(int numTokens) {
        this.numTokens = numTokens;
    }
}
