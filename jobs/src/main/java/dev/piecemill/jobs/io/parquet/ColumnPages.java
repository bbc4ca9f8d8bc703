package dev.piecemill.jobs.io.parquet;

import java.io.IOException;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.bytes.BytesUtils;
import org.apache.parquet.bytes.HeapByteBufferAllocator;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.page.PageWriter;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.column.values.ValuesWriter;
import org.apache.parquet.column.values.rle.RunLengthBitPackingHybridEncoder;
import org.apache.spark.sql.Row;

/**
 * One leaf column of a row group, built page by page: each row's values and levels go into the
 * current page, which is handed whole (v2 data page: levels, then the values) to parquet-mr's
 * page writer, which compresses it and keeps the column chunk, its statistics and indexes.
 */
abstract class ColumnPages {
    /** The first buffer a page's values or levels get: 64 KiB, or the page size when it is smaller. */
    static int slab(int pageSize) {
        return Math.min(64 * 1024, pageSize);
    }

    final ColumnDescriptor descriptor;
    final ValuesWriter values;
    private final int field;
    private final RunLengthBitPackingHybridEncoder repetition;
    private final RunLengthBitPackingHybridEncoder definition;
    private PageWriter pages;
    Statistics<?> statistics;
    int pageRows;
    int pageValues;
    int pageNulls;
    /** Bytes of this row group's finished pages, compressed, held by the page writer. */
    private long chunkBytes;

    ColumnPages(ColumnDescriptor descriptor, int field, int pageSize, ValuesWriter values) {
        this.descriptor = descriptor;
        this.values = values;
        this.field = field;
        this.repetition = levelEncoder(descriptor.getMaxRepetitionLevel(), pageSize);
        this.definition = levelEncoder(descriptor.getMaxDefinitionLevel(), pageSize);
        this.statistics = Statistics.createStats(descriptor.getPrimitiveType());
    }

    private static RunLengthBitPackingHybridEncoder levelEncoder(int max, int pageSize) {
        return max == 0
                ? null
                : new RunLengthBitPackingHybridEncoder(
                        BytesUtils.getWidthFromMaxInt(max),
                        slab(pageSize),
                        pageSize,
                        HeapByteBufferAllocator.getInstance());
    }

    /** The row group this column writes into from now on. */
    final void startRowGroup(PageWriter pageWriter) {
        this.pages = pageWriter;
        this.chunkBytes = 0;
    }

    /** Appends the column's value(s) of {@code row}. */
    final void add(Row row) throws IOException {
        addValue(row, field);
        pageRows++;
    }

    abstract void addValue(Row row, int field) throws IOException;

    abstract Encoding valueEncoding();

    /** Called when the current page is complete, before its values are taken. */
    void pageDone() {}

    final void levels(int repetitionLevel, int definitionLevel) throws IOException {
        if (repetition != null) {
            repetition.writeInt(repetitionLevel);
        }
        if (definition != null) {
            definition.writeInt(definitionLevel);
        }
        pageValues++;
    }

    /** Bytes of the current page, before compression. */
    final long pageBytes() {
        return values.getBufferedSize()
                + (repetition == null ? 0 : repetition.getBufferedSize())
                + (definition == null ? 0 : definition.getBufferedSize());
    }

    /** Bytes this column holds for the row group: its finished pages and the current one. */
    final long rowGroupBytes() {
        return chunkBytes + pageBytes();
    }

    /** Hands the current page, if it holds rows, to the page writer. */
    // BytesInput.copy(BytesInput) is deprecated for copy(ByteBufferReleaser), which would add a buffer
    // allocator's lifecycle to every page for the same copy.
    @SuppressWarnings("deprecation")
    final void flushPage() throws IOException {
        if (pageRows == 0) {
            return;
        }
        pageDone();
        pages.writePageV2(
                pageRows,
                pageNulls,
                pageValues,
                repetition == null ? BytesInput.empty() : BytesInput.copy(repetition.toBytes()),
                definition == null ? BytesInput.empty() : BytesInput.copy(definition.toBytes()),
                valueEncoding(),
                BytesInput.copy(values.getBytes()),
                statistics);
        if (repetition != null) {
            repetition.reset();
        }
        if (definition != null) {
            definition.reset();
        }
        values.reset();
        chunkBytes = pages.getMemSize();
        statistics = Statistics.createStats(descriptor.getPrimitiveType());
        pageRows = 0;
        pageValues = 0;
        pageNulls = 0;
    }

    final void close() {
        values.close();
        if (repetition != null) {
            repetition.close();
        }
        if (definition != null) {
            definition.close();
        }
    }
}
