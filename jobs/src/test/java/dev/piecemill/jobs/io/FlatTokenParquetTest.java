package dev.piecemill.jobs.io;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.piecemill.jobs.testing.SparkTestSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.statistics.IntStatistics;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tables of flat columns are written by piecemill's own Parquet writer: what Spark reads back
 * (schema, rows, filters that prune by statistics) must be what Spark's writer gives, with
 * pages and row groups small enough that every table spans many of each.
 */
class FlatTokenParquetTest {
    private static final StructType SCHEMA = new StructType()
            .add("doc_id", DataTypes.StringType, false)
            .add("ids", DataTypes.createArrayType(DataTypes.IntegerType, false), false)
            .add("num_bytes", DataTypes.LongType, false)
            .add("num_tokens", DataTypes.IntegerType, false)
            .add("url", DataTypes.StringType, true)
            .add("score", DataTypes.DoubleType, true)
            .add("weight", DataTypes.FloatType, true)
            .add("rank", DataTypes.ShortType, true)
            .add("flag", DataTypes.ByteType, true)
            .add("english", DataTypes.BooleanType, true)
            .add("extra", DataTypes.createArrayType(DataTypes.IntegerType, false), true);
    private static final int ROWS = 3000;

    private static SparkSession spark;
    private static List<Row> rows;
    private static String fast;
    private static String reference;

    @TempDir
    static Path dir;

    @BeforeAll
    static void writeBothWays() {
        spark = SparkTestSession.start();
        Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        hadoop.setInt("parquet.page.size", 4096);
        hadoop.setInt("parquet.block.size", 64 * 1024);
        rows = new ArrayList<>();
        for (int d = 0; d < ROWS; d++) {
            rows.add(row(d));
        }
        JavaRDD<Row> rdd =
                JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(rows, 3);
        fast = dir.resolve("fast").toString();
        reference = dir.resolve("spark").toString();
        TokenParquet.write(spark, rdd, SCHEMA, fast);
        spark.createDataFrame(rdd, SCHEMA).write().parquet(reference);
    }

    /** Row {@code d}: ids long and short, some lists empty, every nullable column null now and then. */
    private static Row row(int d) {
        int[] ids = new int[d % 11 == 0 ? 0 : (d * 7919) % 900];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = (d * 31 + i * 977) % 50_000 - (i % 97 == 0 ? 3 : 0);
        }
        int[] extra = d % 5 == 0 ? null : new int[] {d, -d, Integer.MAX_VALUE - d, Integer.MIN_VALUE + d};
        return RowFactory.create(
                String.format("doc-%05d", d),
                ids,
                (long) d * 1_000_003L,
                ids.length,
                d % 3 == 0 ? null : "https://example.org/" + (d % 41) + "/é",
                d % 7 == 0 ? null : Math.sin(d) * 1e6,
                d % 9 == 0 ? null : (float) Math.cos(d),
                d % 13 == 0 ? null : (short) (d % 30_000 - 15_000),
                d % 17 == 0 ? null : (byte) (d % 256 - 128),
                d % 19 == 0 ? null : d % 2 == 0,
                extra);
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void sparkReadsBackTheSchemaAndRowsItsOwnWriterGives() {
        Dataset<Row> ours = spark.read().parquet(fast);
        Dataset<Row> theirs = spark.read().parquet(reference);
        assertEquals(theirs.schema(), ours.schema());
        List<Row> read = ours.orderBy("doc_id").collectAsList();
        assertEquals(theirs.orderBy("doc_id").collectAsList(), read);
        assertEquals(ROWS, read.size());
        for (int d : new int[] {0, 1, 5, 11, 2999}) {
            Row expected = rows.get(d);
            Row actual = read.get(d);
            assertEquals(expected.getString(0), actual.getString(0));
            assertEquals(ints(expected.get(1)), actual.getList(1), expected.getString(0));
            assertEquals(
                    expected.get(10) == null ? null : ints(expected.get(10)),
                    actual.isNullAt(10) ? null : actual.getList(10),
                    expected.getString(0));
        }
    }

    @Test
    void filtersThatPruneByPageAndRowGroupStatisticsFindEveryMatchingRow() {
        Dataset<Row> ours = spark.read().parquet(fast);
        check(ours, col("doc_id").equalTo("doc-01234"), r -> r.getString(0).equals("doc-01234"));
        check(
                ours,
                col("num_bytes").between(500_000_000L, 900_000_000L),
                r -> r.getLong(2) >= 500_000_000L && r.getLong(2) <= 900_000_000L);
        check(ours, col("num_tokens").gt(850), r -> r.getInt(3) > 850);
        check(ours, col("url").isNull(), r -> r.isNullAt(4));
        check(ours, col("url").equalTo("https://example.org/7/é"), r -> "https://example.org/7/é".equals(r.get(4)));
        check(ours, col("score").lt(-999_000.0), r -> !r.isNullAt(5) && r.getDouble(5) < -999_000.0);
        check(ours, col("weight").gt(0.99f), r -> !r.isNullAt(6) && r.getFloat(6) > 0.99f);
        check(ours, col("rank").leq((short) -14_990), r -> !r.isNullAt(7) && r.getShort(7) <= -14_990);
        check(ours, col("flag").equalTo((byte) 127), r -> !r.isNullAt(8) && r.getByte(8) == 127);
        check(ours, col("english").equalTo(true), r -> !r.isNullAt(9) && r.getBoolean(9));
        check(ours, col("extra").isNull(), r -> r.isNullAt(10));
    }

    private static void check(Dataset<Row> table, Column filter, Predicate<Row> expected) {
        long matching = rows.stream().filter(expected).count();
        assertTrue(matching > 0, "the filter " + filter + " matches some rows");
        assertEquals(matching, table.filter(filter).count(), filter.toString());
    }

    @Test
    void idsAreDeltaEncodedInManyPagesAndRowGroupsWithTrueStatistics() throws IOException {
        List<Path> files = parquetFiles(fast);
        assertEquals(3, files.size(), "one file a partition");
        assertTrue(Files.exists(Path.of(fast, "_SUCCESS")), "the job committed");
        int minId = rows.stream()
                .flatMapToInt(r -> java.util.Arrays.stream((int[]) r.get(1)))
                .min()
                .orElseThrow();
        int maxId = rows.stream()
                .flatMapToInt(r -> java.util.Arrays.stream((int[]) r.get(1)))
                .max()
                .orElseThrow();
        int seenMin = Integer.MAX_VALUE;
        int seenMax = Integer.MIN_VALUE;
        long rowsInFiles = 0;
        for (Path file : files) {
            try (ParquetFileReader reader = ParquetFileReader.open(
                    HadoopInputFile.fromPath(new org.apache.hadoop.fs.Path(file.toString()), new Configuration()))) {
                assertTrue(reader.getFooter()
                        .getFileMetaData()
                        .getSchema()
                        .toString()
                        .contains("repeated int32 array"));
                assertTrue(
                        reader.getFooter()
                                .getFileMetaData()
                                .getKeyValueMetaData()
                                .containsKey("org.apache.spark.sql.parquet.row.metadata"),
                        "Spark's schema in the footer");
                List<BlockMetaData> blocks = reader.getFooter().getBlocks();
                assertTrue(blocks.size() > 1, file + " has " + blocks.size() + " row groups");
                for (BlockMetaData block : blocks) {
                    rowsInFiles += block.getRowCount();
                    ColumnChunkMetaData ids = block.getColumns().stream()
                            .filter(c -> c.getPath().toDotString().equals("ids.array"))
                            .findFirst()
                            .orElseThrow();
                    assertTrue(
                            ids.getEncodings().contains(Encoding.DELTA_BINARY_PACKED),
                            ids.getEncodings().toString());
                    assertFalse(
                            ids.getEncodings().stream().anyMatch(Encoding::usesDictionary), "no dictionary for ids");
                    IntStatistics stats = (IntStatistics) ids.getStatistics();
                    seenMin = Math.min(seenMin, stats.getMin());
                    seenMax = Math.max(seenMax, stats.getMax());
                    assertTrue(reader.readOffsetIndex(ids).getPageCount() > 1, "ids span several pages");
                }
            }
        }
        assertEquals(ROWS, rowsInFiles);
        assertEquals(minId, seenMin);
        assertEquals(maxId, seenMax);
    }

    @Test
    void anEmptyPartitionGivesAFileWithTheSchemaAndNoRows() throws IOException {
        String path = dir.resolve("empty").toString();
        TokenParquet.write(
                spark,
                JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(List.of(rows.get(1)), 2),
                SCHEMA,
                path); // partition 0 holds nothing
        assertEquals(2, parquetFiles(path).size());
        Dataset<Row> read = spark.read().parquet(path);
        assertEquals(spark.read().parquet(reference).schema(), read.schema());
        assertEquals(
                List.of(rows.get(1).getString(0)),
                read.select("doc_id").as(org.apache.spark.sql.Encoders.STRING()).collectAsList());
    }

    @Test
    void tablesWithNestedColumnsGoThroughSparksWriter() {
        StructType nested = new StructType()
                .add("doc_id", DataTypes.StringType, false)
                .add("ids", DataTypes.createArrayType(DataTypes.IntegerType, false), false)
                .add("tags", DataTypes.createArrayType(DataTypes.StringType, true), true);
        List<Row> table = List.of(
                RowFactory.create("a", new int[] {3, 4}, List.of("x", "y").toArray(new String[0])),
                RowFactory.create("b", new int[0], null));
        String path = dir.resolve("nested").toString();
        TokenParquet.write(
                spark, JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(table, 1), nested, path);
        List<Row> read = spark.read().parquet(path).orderBy("doc_id").collectAsList();
        assertEquals(2, read.size());
        assertEquals(List.of(3, 4), read.get(0).getList(1));
        assertEquals(List.of("x", "y"), read.get(0).getList(2));
        assertTrue(read.get(1).getList(1).isEmpty());
        assertTrue(read.get(1).isNullAt(2));
    }

    private static List<Integer> ints(Object ids) {
        return java.util.Arrays.stream((int[]) ids).boxed().toList();
    }

    private static List<Path> parquetFiles(String folder) throws IOException {
        try (Stream<Path> files = Files.list(Path.of(folder))) {
            return files.filter(p -> p.getFileName().toString().endsWith(".parquet"))
                    .sorted(Comparator.naturalOrder())
                    .toList();
        }
    }
}
