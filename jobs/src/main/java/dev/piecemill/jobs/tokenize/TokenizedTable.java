package dev.piecemill.jobs.tokenize;

import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The tokenize job's output table, one row per document:
 * {@code doc_id} string (the id field's value, or {@code file:offset}), {@code ids}
 * array&lt;int&gt; (token ids, with bos/eos when asked), {@code num_bytes} long (UTF-8 bytes of the
 * NFC text), {@code num_tokens} int (pieces; bos/eos not counted), then the input columns kept
 * with {@code --keep-columns}, with their input types.
 */
final class TokenizedTable {
    private static final StructType BASE = new StructType()
            .add("doc_id", DataTypes.StringType, false)
            .add("ids", DataTypes.createArrayType(DataTypes.IntegerType, false), false)
            .add("num_bytes", DataTypes.LongType, false)
            .add("num_tokens", DataTypes.IntegerType, false);

    private TokenizedTable() {}

    /** The output's own columns, which kept input columns cannot replace. */
    static Set<String> ownColumns() {
        return Set.of(BASE.fieldNames());
    }

    static StructType schema(StructType kept) {
        StructType schema = BASE;
        for (StructField field : kept.fields()) {
            schema = schema.add(field);
        }
        return schema;
    }

    /** A row of {@link #schema}; {@code ids} goes into the row as it is (Spark copies a primitive array whole). */
    static Row row(String docId, int[] ids, long numBytes, int numTokens, Object[] kept) {
        Object[] values = new Object[4 + kept.length];
        values[0] = docId;
        values[1] = ids;
        values[2] = numBytes;
        values[3] = numTokens;
        System.arraycopy(kept, 0, values, 4, kept.length);
        return RowFactory.create(values);
    }
}
