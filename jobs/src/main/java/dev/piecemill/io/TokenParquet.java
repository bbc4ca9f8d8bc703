package dev.piecemill.io;

import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.internal.SQLConf;

/**
 * How tables of token ids are written to Parquet: writing hundreds of millions of ids costs as
 * much as tokenizing them unless the id columns are laid out for it (BENCHMARKS.md measures
 * each choice). The columns stay {@code array<int>} for every reader; what changes:
 * <ul>
 *   <li>the list is written in Parquet's two-level form ({@code repeated int32 array} inside
 *       the LIST group, which every reader accepts), not with a group per element;</li>
 *   <li>id columns skip dictionary encoding (a hash lookup per id, evicting the tokenizer's trie
 *       from the cache) for DELTA_BINARY_PACKED, in version 2 data pages: about the same size.</li>
 * </ul>
 */
public final class TokenParquet {
    private TokenParquet() {}

    /** Writes {@code table} as Parquet to {@code path}; {@code idColumns} are its array<int> columns. */
    public static void write(SparkSession spark, Dataset<Row> table, String path, String... idColumns) {
        DataFrameWriter<Row> writer = table.write().option("parquet.writer.version", "v2");
        for (String column : idColumns) {
            // the leaf of a two-level list is named "array"
            writer = writer.option("parquet.enable.dictionary#" + column + ".array", "false")
                    .option("parquet.column.statistics.enabled#" + column + ".array", "false")
                    .option("parquet.size.statistics.enabled#" + column + ".array", "false");
        }
        // Spark takes the list layout from the session, not from write options: set it for this write only.
        String key = SQLConf.PARQUET_WRITE_LEGACY_FORMAT().key();
        String before = spark.conf().get(key, "false");
        spark.conf().set(key, "true");
        try {
            writer.parquet(path);
        } finally {
            spark.conf().set(key, before);
        }
    }
}
