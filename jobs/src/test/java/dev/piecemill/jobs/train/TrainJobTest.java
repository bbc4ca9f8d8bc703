package dev.piecemill.jobs.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.piecemill.jobs.io.CorpusOptions;
import dev.piecemill.jobs.io.InputFormat;
import dev.piecemill.jobs.testing.Golden;
import dev.piecemill.jobs.testing.SparkTestSession;
import dev.piecemill.train.TrainerOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distributed trainer reproduces the reference Trainer's models byte for byte, however the
 * corpus is partitioned and however small the tasks' count maps are kept.
 */
class TrainJobTest {
    private static final TrainerOptions GOLDEN = new TrainerOptions(6, new int[] {8000, 4000}, 36, 2, false, true);
    private static SparkSession spark;

    @TempDir
    static Path dir;

    private static Path corpus;
    private static long corpusBytes;

    @BeforeAll
    static void start() throws IOException {
        spark = SparkTestSession.start();
        corpus = dir.resolve("corpus/train.jsonl");
        Files.createDirectories(corpus.getParent());
        try (InputStream in =
                new GZIPInputStream(Files.newInputStream(Golden.resource("golden/train-europarl-0-4000.jsonl.gz")))) {
            Files.copy(in, corpus);
        }
        corpusBytes = Files.size(corpus);
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    private static TrainSummary train(int partitions, int mapEntries, String name) throws IOException {
        long splitBytes = corpusBytes / partitions + 1;
        CorpusOptions input = new CorpusOptions(
                List.of(corpus.toString()),
                InputFormat.JSONL,
                "text",
                null,
                CorpusOptions.DEFAULT_MAX_RECORD_BYTES,
                splitBytes);
        return TrainJob.run(
                spark, new TrainOptions(input, dir.resolve(name).toString(), GOLDEN, false, false, mapEntries));
    }

    private static void assertReferenceModels(String name) throws IOException {
        for (int size : new int[] {8000, 4000}) {
            byte[] expected = Files.readAllBytes(Golden.resource("golden/train-europarl-0-4000.model." + size));
            byte[] actual = Files.readAllBytes(
                    Path.of(TrainJob.modelPath(dir.resolve(name).toString(), size)));
            assertArrayEquals(expected, actual, name + ": model-" + size + ".json equals the reference's file");
        }
    }

    @Test
    void oneFourAndSixteenPartitionsGiveTheReferenceModels() throws IOException {
        TrainSummary one = train(1, TrainOptions.DEFAULT_MAP_ENTRIES, "p1");
        assertReferenceModels("p1");
        assertEquals(4000, one.documents());
        assertEquals(4_377_724, one.bytes());
        assertEquals(7995, one.piecesPerSize().get(8000));
        assertEquals(3993, one.piecesPerSize().get(4000));
        train(4, TrainOptions.DEFAULT_MAP_ENTRIES, "p4");
        assertReferenceModels("p4");
        // Small count maps: every task drains many times, the shuffle sums the parts.
        TrainSummary sixteen = train(16, 20_000, "p16");
        assertReferenceModels("p16");
        assertEquals(one.ngramsKept(), sixteen.ngramsKept());
        assertEquals(one.piecesCounted(), sixteen.piecesCounted());
    }

    @Test
    void theCountTablesAreWrittenAndAddUp() throws IOException {
        train(2, TrainOptions.DEFAULT_MAP_ENTRIES, "tables");
        String out = dir.resolve("tables").toString();
        // The pieces tile the corpus: count x length sums to its bytes.
        Row pieces = spark.read()
                .parquet(out + "/pieces")
                .selectExpr("sum(count * length(piece))")
                .first();
        assertEquals(4_377_724, pieces.getLong(0));
        Row unigrams = spark.read()
                .parquet(out + "/ngrams")
                .where("n = 1")
                .selectExpr("sum(count)")
                .first();
        assertEquals(4_377_724, unigrams.getLong(0), "unigram counts sum to the bytes (seen bytes only)");
        assertTrue(Files.exists(Path.of(out, TrainJob.SUMMARY_FILE)));
    }
}
