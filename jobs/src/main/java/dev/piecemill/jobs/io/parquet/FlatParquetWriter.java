package dev.piecemill.jobs.io.parquet;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.bytes.HeapByteBufferAllocator;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.CodecFactory;
import org.apache.parquet.hadoop.ColumnChunkPageWriteStore;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Writes Spark Rows of a {@link FlatSchema flat schema} to one Parquet file, column by column:
 * parquet-mr writes the file (pages, compression, statistics, column and offset indexes,
 * footer); this class only puts each row's values and levels into the current page of each
 * column, cutting pages at row boundaries once they reach the page size and row groups once
 * the buffered bytes reach the row group size, as parquet-mr's own writer does. Readers see
 * exactly what Spark's writer would give them (the same Parquet schema and Spark's schema in
 * the footer); the ids go in at a few nanoseconds each instead of through the record API.
 */
public final class FlatParquetWriter implements AutoCloseable {
    private final MessageType parquetSchema;
    private final ParquetFileWriter file;
    private final CodecFactory codecs;
    private final CompressionCodecFactory.BytesInputCompressor compressor;
    private final Map<String, String> footer;
    private final long rowGroupSize;
    private final int pageSize;
    private final List<ColumnPages> columns = new ArrayList<>();
    private ColumnChunkPageWriteStore rowGroup;
    private long rowGroupRows;

    public FlatParquetWriter(
            Configuration conf,
            Path path,
            StructType schema,
            CompressionCodecName codec,
            long rowGroupSize,
            int pageSize)
            throws IOException {
        this.parquetSchema = FlatSchema.parquetSchema(schema);
        this.footer = FlatSchema.footer(schema);
        this.rowGroupSize = rowGroupSize;
        this.pageSize = pageSize;
        ParquetProperties properties =
                ParquetProperties.builder().withPageSize(pageSize).build();
        this.file = new ParquetFileWriter(
                HadoopOutputFile.fromPath(path, conf),
                parquetSchema,
                ParquetFileWriter.Mode.CREATE,
                rowGroupSize,
                0,
                null,
                properties);
        this.codecs = new CodecFactory(conf, pageSize);
        this.compressor = codecs.getCompressor(codec);
        List<ColumnDescriptor> leaves = parquetSchema.getColumns();
        StructField[] fields = schema.fields();
        for (int i = 0; i < fields.length; i++) {
            columns.add(FlatSchema.column(fields[i], leaves.get(i), i, pageSize));
        }
        file.start();
        startRowGroup();
    }

    private void startRowGroup() {
        rowGroup = new ColumnChunkPageWriteStore(
                compressor,
                parquetSchema,
                HeapByteBufferAllocator.getInstance(),
                ParquetProperties.DEFAULT_COLUMN_INDEX_TRUNCATE_LENGTH,
                ParquetProperties.DEFAULT_PAGE_WRITE_CHECKSUM_ENABLED);
        for (ColumnPages column : columns) {
            column.startRowGroup(rowGroup.getPageWriter(column.descriptor));
        }
        rowGroupRows = 0;
    }

    public void write(Row row) throws IOException {
        long buffered = 0;
        for (ColumnPages column : columns) {
            column.add(row);
            if (column.pageBytes() >= pageSize) {
                column.flushPage();
            }
            buffered += column.rowGroupBytes();
        }
        rowGroupRows++;
        if (buffered >= rowGroupSize) {
            flushRowGroup();
            startRowGroup();
        }
    }

    private void flushRowGroup() throws IOException {
        for (ColumnPages column : columns) {
            column.flushPage();
        }
        file.startBlock(rowGroupRows);
        rowGroup.flushToFileWriter(file);
        file.endBlock();
        rowGroup.close();
        rowGroupRows = 0;
    }

    @Override
    public void close() throws IOException {
        try {
            if (rowGroupRows > 0) {
                flushRowGroup();
            } else {
                rowGroup.close(); // the row group started after the last one: nothing to write
            }
            file.end(footer);
        } finally {
            for (ColumnPages column : columns) {
                column.close();
            }
            codecs.release();
        }
    }
}
