package dev.piecemill.jobs.tokenize;

import java.io.Serializable;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * One packed row as a bean (Spark writes its int[] without boxing), and the two tables made of
 * such rows: the packed Parquet rows, and the doc ids of bin shards' rows.
 */
public final class PackedRow implements Serializable {
    private static final long serialVersionUID = 1L;
    private int bucket;
    private long sequence;
    private int[] ids;
    private String[] docIds;

    public PackedRow() {}

    PackedRow(int bucket, long sequence, int[] ids, String[] docIds) {
        this.bucket = bucket;
        this.sequence = sequence;
        this.ids = ids;
        this.docIds = docIds;
    }

    /**
     * OUTPUT/packed with --pack-format parquet: bucket int, sequence long, ids array&lt;int&gt;,
     * doc_ids array&lt;string&gt;.
     */
    static Dataset<Row> rowsTable(SparkSession spark, JavaRDD<PackedRow> rows) {
        return spark.createDataset(rows.rdd(), Encoders.bean(PackedRow.class))
                .selectExpr("bucket", "sequence", "ids", "docIds AS doc_ids");
    }

    /** OUTPUT/packed/doc_ids with --pack-format bin: shard int, sequence long, doc_ids array&lt;string&gt;. */
    static Dataset<Row> docIdsTable(SparkSession spark, JavaRDD<PackedRow> rows) {
        return spark.createDataset(rows.rdd(), Encoders.bean(PackedRow.class))
                .selectExpr("bucket AS shard", "sequence", "docIds AS doc_ids");
    }

    public int getBucket() {
        return bucket;
    }

    public void setBucket(int bucket) {
        this.bucket = bucket;
    }

    /** The row's index in its bucket (its row in the bucket's shard). */
    public long getSequence() {
        return sequence;
    }

    public void setSequence(long sequence) {
        this.sequence = sequence;
    }

    public int[] getIds() {
        return ids;
    }

    public void setIds(int[] ids) {
        this.ids = ids;
    }

    /** Every document with at least one token in the row, in order. */
    public String[] getDocIds() {
        return docIds;
    }

    public void setDocIds(String[] docIds) {
        this.docIds = docIds;
    }
}
