package dev.piecemill.tokenize;

import static org.apache.spark.sql.functions.col;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The tokenize job's output table, one row per document:
 * {@code doc_id} string (the id field's value, or {@code file:offset}), {@code ids}
 * array&lt;int&gt; (token ids, with bos/eos when asked), {@code num_bytes} long (UTF-8 bytes of the
 * NFC text), {@code num_tokens} int (pieces; bos/eos not counted).
 */
final class TokenizedTable {
    private TokenizedTable() {}

    static Dataset<Row> of(SparkSession spark, JavaRDD<TokenizedDocument> documents) {
        return spark.createDataset(documents.rdd(), Encoders.bean(TokenizedDocument.class))
                // columns, not SQL strings: the SQL parser's first use costs the job half a second
                .select(col("docId").as("doc_id"), col("ids"), col("numBytes").as("num_bytes"),
                        col("numTokens").as("num_tokens"));
    }
}
