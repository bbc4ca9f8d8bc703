package dev.piecemill.jobs.io.parquet;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.RecordWriter;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.apache.parquet.hadoop.ParquetOutputFormat;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;

/**
 * A Hadoop output format of Parquet files written by {@link FlatParquetWriter}, one a task:
 * Spark's Hadoop writer drives it with the file output committer (task attempts in a temporary
 * folder, committed on success; {@code _SUCCESS} on job commit), as Spark's own Parquet writes are.
 * The schema and codec come from the job configuration; row group and page sizes from
 * parquet-mr's usual keys.
 */
public final class FlatParquetOutputFormat extends FileOutputFormat<Void, Row> {
    /** The rows' Spark schema, as JSON. */
    public static final String SCHEMA = "piecemill.flat-parquet.schema";
    /** A Parquet codec name (snappy, zstd, gzip, uncompressed, ...). */
    public static final String CODEC = "piecemill.flat-parquet.codec";

    @Override
    public RecordWriter<Void, Row> getRecordWriter(TaskAttemptContext context) throws IOException {
        Configuration conf = context.getConfiguration();
        StructType schema = (StructType) DataType.fromJson(conf.get(SCHEMA));
        CompressionCodecName codec = CompressionCodecName.fromConf(conf.get(CODEC, "snappy"));
        Path file = getDefaultWorkFile(context, codec.getExtension() + ".parquet");
        FlatParquetWriter writer = new FlatParquetWriter(
                conf,
                file,
                schema,
                codec,
                conf.getLong(
                        ParquetOutputFormat.BLOCK_SIZE, org.apache.parquet.hadoop.ParquetWriter.DEFAULT_BLOCK_SIZE),
                conf.getInt(ParquetOutputFormat.PAGE_SIZE, org.apache.parquet.hadoop.ParquetWriter.DEFAULT_PAGE_SIZE));
        return new RecordWriter<>() {
            @Override
            public void write(Void key, Row row) throws IOException {
                writer.write(row);
            }

            @Override
            public void close(TaskAttemptContext ignored) throws IOException {
                writer.close();
            }
        };
    }
}
