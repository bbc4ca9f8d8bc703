package dev.piecemill.jobs.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.piecemill.jobs.testing.SparkTestSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Token tables: array<int> for readers, two-level lists and delta-encoded ids in the files. */
class TokenParquetTest {
    private static SparkSession spark;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() {
        spark = SparkTestSession.start();
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void idsAreArraysOfIntWrittenAsTwoLevelDeltaEncodedLists() throws IOException {
        StructType schema = new StructType()
                .add("doc_id", DataTypes.StringType)
                .add("ids", DataTypes.createArrayType(DataTypes.IntegerType, false));
        List<Row> rows = new ArrayList<>();
        for (int d = 0; d < 500; d++) {
            int[] ids = new int[d % 37];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = 3 + (d * 31 + i * 7) % 40_000;
            }
            rows.add(RowFactory.create("doc-" + d, ids));
        }
        String path = dir.resolve("tokens").toString();
        TokenParquet.write(spark, spark.createDataFrame(rows, schema).coalesce(1), path, "ids");

        assertEquals("false", spark.conf().get("spark.sql.parquet.writeLegacyFormat"), "the session is as before");
        List<Row> read = spark.read().parquet(path).orderBy("doc_id").collectAsList();
        assertEquals(
                DataTypes.IntegerType,
                ((org.apache.spark.sql.types.ArrayType)
                                spark.read().parquet(path).schema().apply("ids").dataType())
                        .elementType());
        assertEquals(rows.size(), read.size());
        for (Row row : read) {
            int d = Integer.parseInt(row.getString(0).substring(4));
            int[] expected = (int[]) rows.get(d).get(1);
            assertArrayEquals(
                    expected, row.getList(1).stream().mapToInt(x -> (Integer) x).toArray(), row.getString(0));
        }

        Path file;
        try (Stream<Path> files = Files.list(Path.of(path))) {
            file = files.filter(p -> p.getFileName().toString().endsWith(".parquet"))
                    .findFirst()
                    .orElseThrow();
        }
        try (ParquetFileReader reader = ParquetFileReader.open(
                HadoopInputFile.fromPath(new org.apache.hadoop.fs.Path(file.toString()), new Configuration()))) {
            MessageType fileSchema = reader.getFooter().getFileMetaData().getSchema();
            assertTrue(fileSchema.toString().contains("repeated int32 array"), fileSchema.toString());
            ColumnChunkMetaData ids = reader.getFooter().getBlocks().get(0).getColumns().stream()
                    .filter(c -> c.getPath().toDotString().equals("ids.array"))
                    .findFirst()
                    .orElseThrow();
            assertEquals(java.util.Set.of(Encoding.DELTA_BINARY_PACKED), ids.getEncodings());
        }
    }
}
