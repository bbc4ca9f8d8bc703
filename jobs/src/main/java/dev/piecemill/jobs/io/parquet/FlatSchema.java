package dev.piecemill.jobs.io.parquet;

import dev.piecemill.util.UserError;
import java.util.Map;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.schema.MessageType;
import org.apache.spark.sql.execution.datasources.parquet.ParquetReadSupport;
import org.apache.spark.sql.execution.datasources.parquet.SparkToParquetSchemaConverter;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The schemas {@link FlatParquetWriter} writes: top-level primitive columns (string, int, long,
 * short, byte, double, float, boolean; nullable or not) and {@code array<int>} columns without
 * null elements. The Parquet schema is Spark's own conversion (two-level lists), and
 * the footer carries Spark's schema as Spark's writer puts it, so Spark reads the exact types back.
 */
public final class FlatSchema {
    private FlatSchema() {}

    public static boolean supports(StructType schema) {
        for (StructField field : schema.fields()) {
            if (!isIntList(field) && !ScalarColumn.supports(field.dataType())) {
                return false;
            }
        }
        return true;
    }

    static boolean isIntList(StructField field) {
        return field.dataType() instanceof ArrayType array
                && !array.containsNull()
                && array.elementType().equals(DataTypes.IntegerType);
    }

    static MessageType parquetSchema(StructType schema) {
        return new SparkToParquetSchemaConverter(
                        true, SparkToParquetSchemaConverter.$lessinit$greater$default$2(), false)
                .convert(schema);
    }

    static Map<String, String> footer(StructType schema) {
        return Map.of(
                org.apache.spark.sql.package$.MODULE$.SPARK_VERSION_METADATA_KEY(),
                org.apache.spark.package$.MODULE$.SPARK_VERSION_SHORT(),
                ParquetReadSupport.SPARK_METADATA_KEY(),
                schema.json());
    }

    static ColumnPages column(StructField field, ColumnDescriptor leaf, int index, int pageSize) {
        if (isIntList(field)) {
            return new IntListColumn(leaf, index, pageSize);
        }
        ScalarColumn column = ScalarColumn.of(field.dataType(), field.nullable(), leaf, index, pageSize);
        if (column == null) {
            throw new UserError(
                    "column " + field.name() + " of type " + field.dataType().simpleString() + " is not a flat column");
        }
        return column;
    }
}
