package dev.piecemill.jobs.collapse;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A generation's corpus on disk, {@code gen=G/corpus/} (Parquet, one folder per replicate):
 * {@code replicate} int (-1: generation 0's real corpus, shared by every replicate),
 * {@code doc_id} string (the input's id, with {@code [from:to]} when a token range of it was
 * taken; {@code gen<G>/<i>} for the i-th sampled document), {@code source} string
 * ({@code real} or {@code synthetic}), {@code text} string, {@code ids} array&lt;int&gt; (content
 * token ids under generation 0's tokenizer), {@code num_tokens} int.
 */
public final class CorpusTable {
    public static final Encoder<CorpusDocument> ENCODER = Encoders.bean(CorpusDocument.class);
    /** The replicate of generation 0's real corpus when every replicate shares it. */
    public static final int SHARED = -1;

    private CorpusTable() {}

    public static void write(Dataset<CorpusDocument> documents, String path) {
        documents
                .selectExpr("replicate", "docId AS doc_id", "source", "text", "ids", "size(ids) AS num_tokens")
                .write()
                .partitionBy("replicate")
                .parquet(path);
    }

    /** The columns as written; declared so that a table without rows (an empty held-out split) reads too. */
    public static final StructType SCHEMA = new StructType()
            .add("doc_id", DataTypes.StringType)
            .add("source", DataTypes.StringType)
            .add("text", DataTypes.StringType)
            .add("ids", DataTypes.createArrayType(DataTypes.IntegerType))
            .add("num_tokens", DataTypes.IntegerType)
            .add("replicate", DataTypes.IntegerType);

    public static Dataset<CorpusDocument> read(SparkSession spark, String... paths) {
        return spark.read()
                .schema(SCHEMA)
                .parquet(paths)
                .selectExpr("CAST(replicate AS INT) AS replicate", "doc_id AS docId", "source", "text", "ids")
                .as(ENCODER);
    }

    /** The folder of one replicate's documents (what the tokenizer trainer reads). */
    public static String replicatePath(String corpusPath, int replicate) {
        return corpusPath + "/replicate=" + replicate;
    }
}
