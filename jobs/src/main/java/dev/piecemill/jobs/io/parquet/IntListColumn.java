package dev.piecemill.jobs.io.parquet;

import java.io.IOException;
import org.apache.parquet.bytes.HeapByteBufferAllocator;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.values.delta.DeltaBinaryPackingValuesWriterForInteger;
import org.apache.spark.sql.Row;

/**
 * An {@code array<int>} column of non-null ints in the two-level list layout
 * ({@code repeated int32 array} inside the LIST group): per id a repetition level (0 for a
 * list's first, 1 after), the top definition level and a delta-encoded value; an empty list is
 * one level below the top, a null list (when the column is nullable) is level 0. Min and max are
 * kept in two ints and given to the statistics once per page.
 */
final class IntListColumn extends ColumnPages {
    private int min = Integer.MAX_VALUE;
    private int max = Integer.MIN_VALUE;
    private final int present;

    IntListColumn(ColumnDescriptor descriptor, int field, int pageSize) {
        super(
                descriptor,
                field,
                pageSize,
                new DeltaBinaryPackingValuesWriterForInteger(
                        slab(pageSize), pageSize, HeapByteBufferAllocator.getInstance()));
        this.present = descriptor.getMaxDefinitionLevel();
    }

    @Override
    void addValue(Row row, int field) throws IOException {
        Object value = row.get(field);
        if (value == null && present == 1) {
            throw new IllegalStateException("null in the non-nullable column " + descriptor);
        }
        int[] ids = value == null ? null : ints(value);
        if (ids == null || ids.length == 0) {
            // a null or empty list writes no value: parquet-mr counts it among the page's nulls too
            levels(0, value == null ? 0 : present - 1);
            pageNulls++;
            statistics.incrementNumNulls();
            return;
        }
        int low = min;
        int high = max;
        for (int i = 0; i < ids.length; i++) {
            int id = ids[i];
            levels(i == 0 ? 0 : 1, present);
            values.writeInteger(id);
            low = Math.min(low, id);
            high = Math.max(high, id);
        }
        min = low;
        max = high;
    }

    /** The ids of a row's list: an int[] as the jobs build rows, or a list as other rows hold it. */
    private static int[] ints(Object value) {
        if (value instanceof int[] ids) {
            return ids;
        }
        if (value instanceof scala.collection.Seq<?> seq) {
            value = scala.jdk.javaapi.CollectionConverters.asJava(seq);
        }
        if (value instanceof java.util.List<?> list) {
            int[] ids = new int[list.size()];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = (Integer) list.get(i);
            }
            return ids;
        }
        throw new IllegalArgumentException(
                "an array<int> value of class " + value.getClass().getName());
    }

    @Override
    void pageDone() {
        if (min <= max) {
            statistics.updateStats(min);
            statistics.updateStats(max);
        }
        min = Integer.MAX_VALUE;
        max = Integer.MIN_VALUE;
    }

    @Override
    Encoding valueEncoding() {
        return Encoding.DELTA_BINARY_PACKED;
    }
}
