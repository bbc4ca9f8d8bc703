package dev.piecemill.io;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The quarantine table: one row per record set aside with --skip-bad-records, written as Parquet
 * to {@code OUTPUT/_quarantine} (a name Spark and pyarrow skip when they read OUTPUT).
 */
public final class Quarantine {
    /** Folder inside a job's output. */
    public static final String FOLDER = "_quarantine";

    /** file (name as in document ids), offset (byte in the decompressed file, or Parquet row), reason, excerpt. */
    public static final StructType SCHEMA = new StructType()
            .add("file", DataTypes.StringType, false)
            .add("offset", DataTypes.LongType, false)
            .add("reason", DataTypes.StringType, false)
            .add("excerpt", DataTypes.StringType, false);

    private Quarantine() {}

    public static Row row(CorpusRecord.Bad bad) {
        return RowFactory.create(bad.file(), bad.offset(), bad.reason(), bad.excerpt());
    }
}
