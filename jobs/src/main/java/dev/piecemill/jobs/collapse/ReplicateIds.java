package dev.piecemill.jobs.collapse;

import java.io.Serializable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;

/** A corpus document's replicate and token ids, and nothing else: what counting reads, so Parquet skips the text. */
public final class ReplicateIds implements Serializable {
    private static final long serialVersionUID = 1L;
    private int replicate;
    private int[] ids;

    public ReplicateIds() {}

    static Dataset<ReplicateIds> of(Dataset<CorpusDocument> corpus) {
        return corpus.select("replicate", "ids").as(Encoders.bean(ReplicateIds.class));
    }

    public int getReplicate() {
        return replicate;
    }

    public void setReplicate(int replicate) {
        this.replicate = replicate;
    }

    public int[] getIds() {
        return ids;
    }

    public void setIds(int[] ids) {
        this.ids = ids;
    }
}
