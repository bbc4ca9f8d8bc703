package dev.piecemill.jobs.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.piecemill.jobs.io.Corpus;
import dev.piecemill.jobs.io.CorpusOptions;
import dev.piecemill.jobs.io.CorpusRecord;
import dev.piecemill.jobs.io.InputFormat;
import dev.piecemill.jobs.io.ModelFiles;
import dev.piecemill.jobs.spark.StageClock;
import dev.piecemill.jobs.testing.Golden;
import dev.piecemill.jobs.testing.SparkTestSession;
import dev.piecemill.piece.PieceModel;
import dev.piecemill.train.TrainerOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

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
        CorpusOptions input = jsonl(corpus, splitBytes);
        return TrainJob.run(
                spark, new TrainOptions(input, dir.resolve(name).toString(), GOLDEN, false, false, mapEntries));
    }

    private static CorpusOptions jsonl(Path file, long splitBytes) {
        return new CorpusOptions(
                List.of(file.toString()),
                InputFormat.JSONL,
                "text",
                null,
                CorpusOptions.DEFAULT_MAX_RECORD_BYTES,
                splitBytes);
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

    @Test
    void groupsTrainedInOnePassAreEachTheModelOfItsOwnDocuments() throws IOException {
        // Group 0 trains on the whole corpus, group 1 on its first 1,500 documents, which both
        // groups share (a negative group): one pass, over 3 partitions and small count maps.
        List<String> lines = Files.readAllLines(corpus);
        Path firstLines = dir.resolve("first/train.jsonl");
        Files.createDirectories(firstLines.getParent());
        Files.write(firstLines, lines.subList(0, 1500));
        long shared = Files.size(firstLines);
        CorpusOptions input = jsonl(corpus, corpusBytes / 3 + 1);
        JavaRDD<CorpusRecord> grouped = Corpus.read(spark, input).records().map(r -> {
            CorpusRecord.Document d = (CorpusRecord.Document) r;
            return new CorpusRecord.Document(
                    d.id(), d.file(), d.offset(), d.utf8(), new Object[] {d.offset() < shared ? -1 : 0});
        });
        List<List<PieceModel>> models = TrainJob.trainGroups(
                spark,
                grouped,
                corpusBytes,
                TrainingGroups.byFirstKeptColumn(2),
                GOLDEN,
                new StageClock(LoggerFactory.getLogger(TrainJobTest.class), "test"));

        TrainJob.run(
                spark,
                new TrainOptions(
                        jsonl(firstLines, CorpusOptions.DEFAULT_SPLIT_BYTES),
                        dir.resolve("first-alone").toString(),
                        GOLDEN,
                        false,
                        false,
                        TrainOptions.DEFAULT_MAP_ENTRIES));
        int[] sizes = GOLDEN.vocabSizes();
        for (int i = 0; i < sizes.length; i++) {
            String whole = dir.resolve("group0-" + sizes[i] + ".json").toString();
            String first = dir.resolve("group1-" + sizes[i] + ".json").toString();
            ModelFiles.write(models.get(0).get(i), whole, spark.sparkContext().hadoopConfiguration());
            ModelFiles.write(models.get(1).get(i), first, spark.sparkContext().hadoopConfiguration());
            assertArrayEquals(
                    Files.readAllBytes(Golden.resource("golden/train-europarl-0-4000.model." + sizes[i])),
                    Files.readAllBytes(Path.of(whole)),
                    "group 0 (every document) is the reference's model-" + sizes[i]);
            assertArrayEquals(
                    Files.readAllBytes(Path.of(
                            TrainJob.modelPath(dir.resolve("first-alone").toString(), sizes[i]))),
                    Files.readAllBytes(Path.of(first)),
                    "group 1 is the model trained on its 1,500 documents alone, size " + sizes[i]);
        }
    }
}
