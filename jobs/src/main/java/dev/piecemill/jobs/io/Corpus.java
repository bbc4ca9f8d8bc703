package dev.piecemill.jobs.io;

import static org.apache.spark.sql.functions.col;

import dev.piecemill.jobs.spark.JobProgress;
import dev.piecemill.util.UserError;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;
import org.apache.spark.util.SerializableConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads a corpus in any supported format as records: documents and bad records. */
public final class Corpus {
    private static final Logger LOG = LoggerFactory.getLogger(Corpus.class);

    /**
     * The records, and what was found to read.
     *
     * @param kept the columns of the documents' {@link CorpusRecord.Document#kept()} values:
     *             the names given to --keep-columns, with their input types (strings for JSON
     *             Lines and WET, the column's own type for Parquet)
     */
    public record Source(JavaRDD<CorpusRecord> records, int files, long bytes, StructType kept) {}

    private Corpus() {}

    public static Source read(SparkSession spark, CorpusOptions options) throws IOException {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        List<InputFiles.InputFile> files = InputFiles.list(options.inputs(), conf);
        InputFormat format = options.format() != null ? options.format() : inferFormat(files);
        long bytes = files.stream().mapToLong(InputFiles.InputFile::size).sum();
        LOG.info(
                "read: {} files, {} MB on disk, format {}",
                files.size(),
                String.format("%.1f", bytes / 1e6),
                format.name().toLowerCase());
        if (format == InputFormat.PARQUET) {
            return parquet(spark, files, options);
        }
        if (format == InputFormat.WET && options.idField() != null) {
            throw new UserError("--id-field: a WET document's id is its WARC-Record-ID; "
                    + "keep other headers with --keep-columns");
        }
        if (format == InputFormat.TEXT && !options.keepColumns().isEmpty()) {
            throw new UserError("--keep-columns: text input has no columns, only lines");
        }
        List<String> keep = format == InputFormat.WET && options.keepColumns().isEmpty()
                ? WetReader.DEFAULT_COLUMNS
                : options.keepColumns();
        StructType kept = new StructType();
        for (String name : keep) {
            kept = kept.add(name, DataTypes.StringType, true);
        }
        return new Source(records(spark, files, options, format, keep), files.size(), bytes, kept);
    }

    private static InputFormat inferFormat(List<InputFiles.InputFile> files) {
        InputFormat found = null;
        for (InputFiles.InputFile f : files) {
            InputFormat format = InputFormat.fromFileName(f.name());
            if (format == null) {
                throw new UserError("cannot tell the format of " + f.name()
                        + " from its name: pass --format text|jsonl|parquet|wet");
            }
            if (found != null && found != format) {
                throw new UserError("inputs mix formats (" + found.name().toLowerCase() + " and "
                        + format.name().toLowerCase() + " in " + f.name() + "): pass --format or separate them");
            }
            found = format;
        }
        return found;
    }

    private static JavaRDD<CorpusRecord> records(
            SparkSession spark,
            List<InputFiles.InputFile> files,
            CorpusOptions options,
            InputFormat format,
            List<String> keep) {
        // WARC records are found from a file's start only: WET files are read whole
        long splitBytes =
                format == InputFormat.WET ? InputSplit.TO_THE_END : splitBytes(spark, files, options.splitBytes());
        List<InputSplit> splits = InputFiles.splits(files, splitBytes);
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<SerializableConfiguration> conf =
                jsc.broadcast(new SerializableConfiguration(spark.sparkContext().hadoopConfiguration()));
        LongAccumulator inputBytes = spark.sparkContext().longAccumulator(JobProgress.INPUT_BYTES);
        JavaRDD<InputSplit> tasks = jsc.parallelize(splits, Math.max(1, splits.size()));
        if (format == InputFormat.WET) {
            WetReader reader = new WetReader(options.maxRecordBytes(), keep, inputBytes);
            return tasks.flatMap(split -> reader.read(split, conf.value().value()));
        }
        CorpusReader reader = new CorpusReader(
                format, options.textField(), options.idField(), options.maxRecordBytes(), keep, inputBytes);
        return tasks.flatMap(split -> reader.read(split, conf.value().value()));
    }

    /**
     * Spark SQL's rule for file splits: enough to give every core work (total / parallelism),
     * but no smaller than 1 MB and no larger than the user's maximum; then evened out so that the
     * number of splits is a multiple of the cores: a last wave of one short task would leave the
     * other cores idle at the end (measured: 8% of a 500 MB job on two cores).
     */
    private static long splitBytes(SparkSession spark, List<InputFiles.InputFile> files, long maxSplitBytes) {
        long total = files.stream().mapToLong(InputFiles.InputFile::size).sum();
        int cores = Math.max(1, spark.sparkContext().defaultParallelism());
        long size = Math.min(maxSplitBytes, Math.max(MIN_SPLIT_BYTES, total / cores));
        long splits = ceilDiv(ceilDiv(total, size), cores) * cores;
        return Math.max(Math.min(size, MIN_SPLIT_BYTES), ceilDiv(total, Math.max(1, splits)));
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }

    private static final long MIN_SPLIT_BYTES = 1 << 20;

    private static Source parquet(SparkSession spark, List<InputFiles.InputFile> files, CorpusOptions options) {
        String[] paths = files.stream().map(InputFiles.InputFile::path).toArray(String[]::new);
        Dataset<Row> table = spark.read().parquet(paths);
        requireStringColumn(table, options.textField(), paths);
        Column id = options.idField() == null
                ? org.apache.spark.sql.functions.lit(null).cast("string")
                : col(options.idField()).cast("string");
        if (options.idField() != null) {
            requireColumn(table, options.idField(), paths);
        }
        List<Column> columns = new ArrayList<>(
                List.of(col(options.textField()), id, col("_metadata.file_path"), col("_metadata.row_index")));
        StructType kept = new StructType();
        for (String name : options.keepColumns()) {
            requireColumn(table, name, paths);
            columns.add(col(quoted(name)));
            kept = kept.add(table.schema().apply(name));
        }
        Map<String, String> names = new HashMap<>();
        for (InputFiles.InputFile f : files) {
            names.put(new Path(f.path()).toUri().getPath(), f.name());
        }
        int keptCount = options.keepColumns().size();
        JavaRDD<CorpusRecord> records = table.select(columns.toArray(Column[]::new))
                .toJavaRDD()
                .map(row -> {
                    String name = names.getOrDefault(
                            new Path(row.getString(2)).toUri().getPath(), row.getString(2));
                    long rowIndex = row.getLong(3);
                    if (row.isNullAt(0)) {
                        return new CorpusRecord.Bad(
                                name, rowIndex, "the text column \"" + options.textField() + "\" is null", "");
                    }
                    String docId = row.isNullAt(1) ? name + ":" + rowIndex : row.getString(1);
                    Object[] values = CorpusRecord.Document.NO_COLUMNS;
                    if (keptCount > 0) {
                        values = new Object[keptCount];
                        for (int i = 0; i < keptCount; i++) {
                            values[i] = row.get(4 + i);
                        }
                    }
                    return CorpusRecord.ofString(docId, name, rowIndex, row.getString(0), values);
                });
        return new Source(
                records,
                files.size(),
                files.stream().mapToLong(InputFiles.InputFile::size).sum(),
                kept);
    }

    /** A column name as Spark's col() takes it literally (a name may hold dots or dashes). */
    private static String quoted(String name) {
        return "`" + name.replace("`", "``") + "`";
    }

    private static void requireColumn(Dataset<Row> table, String column, String[] paths) {
        if (!Arrays.asList(table.columns()).contains(column)) {
            throw new UserError("Parquet input " + describe(paths) + " has no column \"" + column + "\" (columns: "
                    + String.join(", ", table.columns()) + ")");
        }
    }

    private static void requireStringColumn(Dataset<Row> table, String column, String[] paths) {
        requireColumn(table, column, paths);
        StructField field = table.schema().apply(column);
        if (!field.dataType().equals(DataTypes.StringType)) {
            throw new UserError("Parquet input " + describe(paths) + ": column \"" + column + "\" is "
                    + field.dataType().simpleString() + ", not string");
        }
    }

    private static String describe(String[] paths) {
        return paths.length == 1 ? paths[0] : paths[0] + " (and " + (paths.length - 1) + " more)";
    }
}
