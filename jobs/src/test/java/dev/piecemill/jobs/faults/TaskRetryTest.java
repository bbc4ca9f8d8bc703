package dev.piecemill.jobs.faults;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.piecemill.collapse.Generation0;
import dev.piecemill.collapse.Loop;
import dev.piecemill.collapse.Recursion;
import dev.piecemill.jobs.collapse.CollapseJob;
import dev.piecemill.jobs.collapse.CollapseOptions;
import dev.piecemill.jobs.collapse.CollapseSummary;
import dev.piecemill.jobs.io.CorpusOptions;
import dev.piecemill.jobs.io.InputFormat;
import dev.piecemill.jobs.testing.Golden;
import dev.piecemill.jobs.testing.SparkTestSession;
import dev.piecemill.jobs.tokenize.TokenizeJob;
import dev.piecemill.jobs.tokenize.TokenizeOptions;
import dev.piecemill.jobs.tokenize.TokenizeSummary;
import dev.piecemill.jobs.train.TrainJob;
import dev.piecemill.jobs.train.TrainOptions;
import dev.piecemill.jobs.train.TrainSummary;
import dev.piecemill.lm.SamplingBias;
import dev.piecemill.lm.Smoothing;
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
 * A task that fails once by itself (a read error midway through its split, in its first
 * attempt) is retried by Spark, and the job's outputs and every count of its summary are those
 * of a run without the failure: what a failed attempt had counted is not counted again. For
 * tokenize, train and collapse.
 */
class TaskRetryTest {
    private static final int PARTITIONS = 4;
    private static SparkSession spark;

    @TempDir
    static Path dir;

    private static Path corpus;
    private static long splitBytes;

    @BeforeAll
    static void start() throws IOException {
        spark = SparkTestSession.builder("local[2,2]") // two threads, a task may fail once
                .config("spark.hadoop.fs.flaky.impl", FlakyFileSystem.class.getName())
                .config("spark.hadoop.fs.flaky.impl.disable.cache", "true")
                .getOrCreate();
        corpus = dir.resolve("corpus/train.jsonl");
        Files.createDirectories(corpus.getParent());
        try (InputStream in =
                new GZIPInputStream(Files.newInputStream(Golden.resource("golden/train-europarl-0-4000.jsonl.gz")))) {
            Files.copy(in, corpus);
        }
        splitBytes = Files.size(corpus) / PARTITIONS + 1;
        assertTrue(splitBytes > 2 * FlakyFileSystem.BYTES_BEFORE_FAILING, "the failing task fails midway");
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    private static CorpusOptions input(String path) {
        return new CorpusOptions(
                List.of(path), InputFormat.JSONL, "text", null, CorpusOptions.DEFAULT_MAX_RECORD_BYTES, splitBytes);
    }

    private static String flaky(Path path) {
        return "flaky://" + path.toAbsolutePath();
    }

    @Test
    void tokenizeWithARetriedTaskWritesTheSameRowsAndCounts() throws IOException {
        String model = Golden.model("plus.40k").toString();
        TokenizeSummary clean = TokenizeJob.run(
                spark,
                new TokenizeOptions(
                        model,
                        input(corpus.toString()),
                        dir.resolve("tokens-clean").toString(),
                        -1,
                        0,
                        false,
                        false,
                        false,
                        false));
        int failuresBefore = FlakyFileSystem.failures();
        TokenizeSummary retried = TokenizeJob.run(
                spark,
                new TokenizeOptions(
                        model,
                        input(flaky(corpus)),
                        dir.resolve("tokens-retried").toString(),
                        -1,
                        0,
                        false,
                        false,
                        false,
                        false));
        assertTrue(FlakyFileSystem.failures() > failuresBefore, "a task failed and was retried");

        assertEquals(4000, clean.documents());
        assertEquals(
                List.of(
                        clean.recordsRead(),
                        clean.documents(),
                        clean.quarantined(),
                        clean.bytes(),
                        clean.tokens(),
                        clean.tokensPerDocument()),
                List.of(
                        retried.recordsRead(),
                        retried.documents(),
                        retried.quarantined(),
                        retried.bytes(),
                        retried.tokens(),
                        retried.tokensPerDocument()));
        List<Row> a = spark.read().parquet(clean.output()).orderBy("doc_id").collectAsList();
        List<Row> b = spark.read().parquet(retried.output()).orderBy("doc_id").collectAsList();
        assertEquals(a, b);
    }

    @Test
    void trainWithARetriedTaskWritesTheReferenceModelsAndExactCounts() throws IOException {
        TrainerOptions golden = new TrainerOptions(6, new int[] {8000, 4000}, 36, 2, false, true);
        int failuresBefore = FlakyFileSystem.failures();
        String output = dir.resolve("train-retried").toString();
        TrainSummary summary = TrainJob.run(
                spark,
                new TrainOptions(input(flaky(corpus)), output, golden, false, false, TrainOptions.DEFAULT_MAP_ENTRIES));
        assertTrue(FlakyFileSystem.failures() > failuresBefore, "a task failed and was retried");

        for (int size : new int[] {8000, 4000}) {
            byte[] expected = Files.readAllBytes(Golden.resource("golden/train-europarl-0-4000.model." + size));
            assertArrayEquals(
                    expected,
                    Files.readAllBytes(Path.of(TrainJob.modelPath(output, size))),
                    "model-" + size + ".json equals the reference's file");
        }
        assertEquals(4000, summary.recordsRead());
        assertEquals(4000, summary.documents());
        assertEquals(0, summary.quarantined());
        assertEquals(4_377_724, summary.bytes());
    }

    @Test
    void collapseWithARetriedTaskWritesTheSameRun() throws IOException {
        CollapseSummary clean = CollapseJob.run(spark, collapse(corpus.toString(), "collapse-clean"));
        int failuresBefore = FlakyFileSystem.failures();
        CollapseSummary retried = CollapseJob.run(spark, collapse(flaky(corpus), "collapse-retried"));
        assertTrue(FlakyFileSystem.failures() > failuresBefore, "a task failed and was retried");

        assertEquals(
                Files.readString(Path.of(clean.output(), "metrics.csv")),
                Files.readString(Path.of(retried.output(), "metrics.csv")),
                "the same metrics, to the last digit");
        for (int g = 0; g <= 1; g++) {
            JsonNode a = Golden.JSON.readTree(
                    Path.of(clean.output(), "gen=" + g, "generation.json").toFile());
            JsonNode b = Golden.JSON.readTree(
                    Path.of(retried.output(), "gen=" + g, "generation.json").toFile());
            for (String count : List.of(
                    "records_read",
                    "quarantined",
                    "heldout_documents",
                    "training_documents",
                    "training_tokens",
                    "real_units",
                    "synthetic_units",
                    "distinct_ngrams")) {
                assertEquals(a.path(count), b.path(count), "generation " + g + ": " + count);
            }
        }
        assertEquals(
                4000,
                Golden.JSON
                        .readTree(Path.of(retried.output(), "gen=0", "generation.json")
                                .toFile())
                        .path("records_read")
                        .asLong(),
                "every record read once");
    }

    private static CollapseOptions collapse(String input, String name) {
        return new CollapseOptions(
                input(input),
                dir.resolve(name).toString(),
                new Recursion(
                        Loop.FRESH,
                        0.25,
                        2,
                        Smoothing.kneserNey(),
                        SamplingBias.NONE,
                        1,
                        2,
                        7,
                        400,
                        Generation0.SAMPLE),
                CollapseOptions.Budget.tokens(3000),
                new CollapseOptions.Tokenizer(
                        CollapseOptions.TokenizerMode.FIXED,
                        Golden.model("plus.40k").toString(),
                        400),
                0.1,
                0,
                false,
                false);
    }
}
