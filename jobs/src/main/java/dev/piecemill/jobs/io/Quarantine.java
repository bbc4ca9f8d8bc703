package dev.piecemill.jobs.io;

import java.util.Collections;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The quarantine table: one row per record set aside with --skip-bad-records, written as Parquet
 * to {@code OUTPUT/_quarantine} (a name Spark and pyarrow skip when they read OUTPUT).
 */
public final class Quarantine {
    private static final Logger LOG = LoggerFactory.getLogger(Quarantine.class);

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

    /**
     * Writes the bad records of a corpus to {@code path}: a second, cheap pass (no tokenizing,
     * no counting) that jobs run only when their main pass counted some, so a clean corpus is
     * read once.
     */
    public static void write(SparkSession spark, JavaRDD<CorpusRecord> records, String path) {
        JavaRDD<Row> bad = records.flatMap(record -> {
            CorpusRecord.Bad b = RecordFilter.badOrNull(record);
            return b == null
                    ? Collections.<Row>emptyIterator()
                    : List.of(row(b)).iterator();
        });
        spark.createDataFrame(bad, SCHEMA).coalesce(1).write().parquet(path);
        LOG.warn("bad records set aside in {}", path);
    }
}
