package dev.piecemill.jobs.io;

import dev.piecemill.jobs.io.parquet.FlatParquetOutputFormat;
import dev.piecemill.jobs.io.parquet.FlatSchema;
import java.util.Arrays;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.internal.SQLConf;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.Tuple2;

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
 * Tables of flat columns (the tokenize job's, with whatever input columns it keeps) are written
 * by {@link dev.piecemill.jobs.io.parquet.FlatParquetWriter}, which puts the ids into pages directly:
 * through Spark's writer a table costs Spark SQL's first query on the driver (2-3 s of class
 * loading and planning) and the record API's levels per id, a fifth of the job (BENCHMARKS.md).
 * The files are the same to any reader. Other tables go through Spark's writer, laid out as above.
 */
public final class TokenParquet {
    private TokenParquet() {}

    /** Writes {@code rows} of {@code schema} as Parquet to {@code path}, in one file per partition. */
    public static void write(SparkSession spark, JavaRDD<Row> rows, StructType schema, String path) {
        if (!FlatSchema.supports(schema)) {
            String[] idColumns = Arrays.stream(schema.fields())
                    .filter(f -> f.dataType().sameType(DataTypes.createArrayType(DataTypes.IntegerType)))
                    .map(StructField::name)
                    .toArray(String[]::new);
            write(spark, spark.createDataFrame(rows, schema), path, idColumns);
            return;
        }
        Configuration conf = new Configuration(spark.sparkContext().hadoopConfiguration());
        conf.set(FlatParquetOutputFormat.SCHEMA, schema.json());
        conf.set(
                FlatParquetOutputFormat.CODEC,
                spark.conf().get(SQLConf.PARQUET_COMPRESSION().key(), "snappy")); // as Spark's writer takes it
        rows.mapToPair(row -> new Tuple2<Void, Row>(null, row))
                .saveAsNewAPIHadoopFile(path, Void.class, Row.class, FlatParquetOutputFormat.class, conf);
    }

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
