package dev.piecemill.jobs.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.piecemill.jobs.io.CorpusOptions;
import dev.piecemill.jobs.io.Quarantine;
import dev.piecemill.jobs.testing.Golden;
import dev.piecemill.jobs.testing.PiecemillProcess;
import dev.piecemill.jobs.testing.SparkTestSession;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One JSON Lines record of 300 MB between two small ones, tokenized by a {@code piecemill} JVM
 * whose heap (640 MiB, Spark's own floor is 450) could not hold it twice: the record is
 * quarantined with the limit named, the others are written, and the counts add up.
 */
class HugeRecordTest {
    private static final long HUGE_BYTES = 300L << 20;
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
    void aRecordOfHundredsOfMegabytesIsQuarantinedWithTheLimitNamedInABoundedHeap() throws Exception {
        Path input = dir.resolve("huge.jsonl");
        byte[] before = "{\"text\": \"before\"}\n{\"text\": \"".getBytes(StandardCharsets.UTF_8);
        writeHugeRecordFile(input, before, "\"}\n{\"text\": \"after\"}\n".getBytes(StandardCharsets.UTF_8));
        Path output = dir.resolve("tokens");
        Path log = dir.resolve("tokenize.log");

        int exit = PiecemillProcess.await(
                PiecemillProcess.start(
                        "640m",
                        log,
                        List.of(
                                "tokenize",
                                "--model",
                                Golden.model("plus.40k").toString(),
                                "--input",
                                input.toString(),
                                "--output",
                                output.toString(),
                                "--skip-bad-records")),
                log);

        assertEquals(0, exit, "tokenize; its log: " + log);
        JsonNode summary = Golden.JSON.readTree(output.resolve("_summary.json").toFile());
        assertEquals(3, summary.get("records_read").asLong());
        assertEquals(2, summary.get("documents").asLong());
        assertEquals(1, summary.get("quarantined").asLong());
        assertEquals(2, spark.read().parquet(output.toString()).count());
        List<Row> bad = spark.read()
                .parquet(output.resolve(Quarantine.FOLDER).toString())
                .collectAsList();
        assertEquals(1, bad.size());
        assertEquals(19L, bad.get(0).getLong(1), "the huge record's offset");
        assertTrue(
                bad.get(0)
                        .getString(2)
                        .startsWith("record longer than " + CorpusOptions.DEFAULT_MAX_RECORD_BYTES
                                + " bytes (raise --max-record-bytes"),
                bad.get(0).getString(2));
    }

    /** head, HUGE_BYTES of 'a', tail: written a megabyte at a time. */
    private static void writeHugeRecordFile(Path file, byte[] head, byte[] tail) throws IOException {
        byte[] block = new byte[1 << 20];
        Arrays.fill(block, (byte) 'a');
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            out.write(ByteBuffer.wrap(head));
            for (long written = 0; written < HUGE_BYTES; written += block.length) {
                out.write(ByteBuffer.wrap(block));
            }
            out.write(ByteBuffer.wrap(tail));
        }
    }
}
