package dev.piecemill.jobs.collapse;

import java.io.Serializable;

/**
 * One document of a generation's corpus, as a Java bean (Spark's bean encoder writes its int[]
 * without boxing). See {@link CorpusTable} for the columns.
 */
public final class CorpusDocument implements Serializable {
    private static final long serialVersionUID = 1L;
    public static final String REAL = "real";
    public static final String SYNTHETIC = "synthetic";

    private int replicate;
    private String docId;
    private String source;
    private String text;
    private int[] ids;

    public CorpusDocument() {}

    public CorpusDocument(int replicate, String docId, String source, String text, int[] ids) {
        this.replicate = replicate;
        this.docId = docId;
        this.source = source;
        this.text = text;
        this.ids = ids;
    }

    /** The same document in another replicate's corpus. */
    public CorpusDocument inReplicate(int other) {
        return new CorpusDocument(other, docId, source, text, ids);
    }

    /** The same document with other ids (retokenized). */
    public CorpusDocument withIds(int[] other) {
        return new CorpusDocument(replicate, docId, source, text, other);
    }

    public int getReplicate() {
        return replicate;
    }

    public void setReplicate(int replicate) {
        this.replicate = replicate;
    }

    public String getDocId() {
        return docId;
    }

    public void setDocId(String docId) {
        this.docId = docId;
    }

    public String getSource() {
        return source;
    }

    public void setSource(String source) {
        this.source = source;
    }

    public String getText() {
        return text;
    }

    public void setText(String text) {
        this.text = text;
    }

    public int[] getIds() {
        return ids;
    }

    public void setIds(int[] ids) {
        this.ids = ids;
    }
}
