package dev.piecemill.tokenize;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** The tokenize job's output table, one row per document. */
public final class TokenizedSchema {
    private TokenizedSchema() {}

    /**
     * doc_id: the id field's value, or {@code file:offset}; ids: token ids (with bos/eos when
     * asked); num_bytes: UTF-8 bytes of the NFC text; num_tokens: pieces (bos/eos not counted).
     */
    public static final StructType SCHEMA = new StructType()
            .add("doc_id", DataTypes.StringType, false)
            .add("ids", DataTypes.createArrayType(DataTypes.IntegerType, false), false)
            .add("num_bytes", DataTypes.LongType, false)
            .add("num_tokens", DataTypes.IntegerType, false);
}
