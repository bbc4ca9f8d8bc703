package dev.piecemill.jobs.io.parquet;

import java.io.IOException;
import org.apache.parquet.bytes.HeapByteBufferAllocator;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.values.ValuesWriter;
import org.apache.parquet.column.values.plain.BooleanPlainValuesWriter;
import org.apache.parquet.column.values.plain.PlainValuesWriter;
import org.apache.parquet.io.api.Binary;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/** A top-level column of one primitive value a row (null allowed when the field is nullable), PLAIN-encoded. */
final class ScalarColumn extends ColumnPages {
    /** How a row's value of one Spark type goes into the values and the statistics. */
    private interface Put {
        void put(Object value, ValuesWriter values, org.apache.parquet.column.statistics.Statistics<?> statistics);
    }

    private final Put put;
    private final boolean nullable;

    private ScalarColumn(
            ColumnDescriptor descriptor, int field, int pageSize, boolean nullable, ValuesWriter values, Put put) {
        super(descriptor, field, pageSize, values);
        this.put = put;
        this.nullable = nullable;
    }

    /** The column for a field of {@code type}, or null when the type is not a supported primitive. */
    static ScalarColumn of(DataType type, boolean nullable, ColumnDescriptor descriptor, int field, int pageSize) {
        Put put = putFor(type);
        if (put == null) {
            return null;
        }
        ValuesWriter values = type.equals(DataTypes.BooleanType)
                ? new BooleanPlainValuesWriter()
                : new PlainValuesWriter(slab(pageSize), pageSize, HeapByteBufferAllocator.getInstance());
        return new ScalarColumn(descriptor, field, pageSize, nullable, values, put);
    }

    static boolean supports(DataType type) {
        return putFor(type) != null;
    }

    private static Put putFor(DataType type) {
        if (type.equals(DataTypes.StringType)) {
            return (v, out, stats) -> {
                Binary binary = Binary.fromString((String) v);
                out.writeBytes(binary);
                stats.updateStats(binary);
            };
        }
        if (type.equals(DataTypes.IntegerType) || type.equals(DataTypes.ShortType) || type.equals(DataTypes.ByteType)) {
            return (v, out, stats) -> {
                int x = ((Number) v).intValue();
                out.writeInteger(x);
                stats.updateStats(x);
            };
        }
        if (type.equals(DataTypes.LongType)) {
            return (v, out, stats) -> {
                long x = (Long) v;
                out.writeLong(x);
                stats.updateStats(x);
            };
        }
        if (type.equals(DataTypes.DoubleType)) {
            return (v, out, stats) -> {
                double x = (Double) v;
                out.writeDouble(x);
                stats.updateStats(x);
            };
        }
        if (type.equals(DataTypes.FloatType)) {
            return (v, out, stats) -> {
                float x = (Float) v;
                out.writeFloat(x);
                stats.updateStats(x);
            };
        }
        if (type.equals(DataTypes.BooleanType)) {
            return (v, out, stats) -> {
                boolean x = (Boolean) v;
                out.writeBoolean(x);
                stats.updateStats(x);
            };
        }
        return null;
    }

    @Override
    void addValue(Row row, int field) throws IOException {
        if (row.isNullAt(field)) {
            if (!nullable) {
                throw new IllegalStateException("null in the non-nullable column " + descriptor);
            }
            levels(0, 0);
            pageNulls++;
            statistics.incrementNumNulls();
            return;
        }
        levels(0, nullable ? 1 : 0);
        put.put(row.get(field), values, statistics);
    }

    @Override
    Encoding valueEncoding() {
        return Encoding.PLAIN;
    }
}
