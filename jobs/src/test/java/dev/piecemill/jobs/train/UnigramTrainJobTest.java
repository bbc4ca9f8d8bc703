package dev.piecemill.jobs.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.piecemill.jobs.io.CorpusOptions;
import dev.piecemill.jobs.io.InputFormat;
import dev.piecemill.jobs.testing.Golden;
import dev.piecemill.jobs.testing.SparkTestSession;
import dev.piecemill.piece.ModelFile;
import dev.piecemill.piece.PieceModel;
import dev.piecemill.piece.Tokenizer;
import dev.piecemill.text.TextNormalizer;
import dev.piecemill.unigram.SeedRules;
import dev.piecemill.unigram.UnigramOptions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The unigram trainer on Spark: exact sizes, a model independent of partitioning, counts that add up. */
class UnigramTrainJobTest {
    private static final UnigramOptions OPTIONS =
            new UnigramOptions(new int[] {3000, 1000}, new SeedRules(24, 3), 24_000, 0.75, 1, 16);
    private static SparkSession spark;

    @TempDir
    static Path dir;

    private static Path corpus;
    private static long corpusBytes;
    private static List<String> texts;

    @BeforeAll
    static void start() throws IOException {
        spark = SparkTestSession.start();
        corpus = dir.resolve("corpus/train.jsonl");
        Files.createDirectories(corpus.getParent());
        texts = new ArrayList<>();
        // The first 1,000 documents of the reference's training corpus (1.1 MB).
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                        new GZIPInputStream(
                                Files.newInputStream(Golden.resource("golden/train-europarl-0-4000.jsonl.gz"))),
                        StandardCharsets.UTF_8));
                OutputStream out = Files.newOutputStream(corpus)) {
            for (int i = 0; i < 1000; i++) {
                String line = in.readLine();
                out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                texts.add(new com.fasterxml.jackson.databind.ObjectMapper()
                        .readTree(line)
                        .get("text")
                        .asText());
            }
        }
        corpusBytes = Files.size(corpus);
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    private static UnigramTrainSummary train(int partitions, String name, double validation) throws IOException {
        long splitBytes = corpusBytes / partitions + 1;
        CorpusOptions input = new CorpusOptions(
                List.of(corpus.toString()),
                InputFormat.JSONL,
                "text",
                null,
                CorpusOptions.DEFAULT_MAX_RECORD_BYTES,
                splitBytes);
        return UnigramTrainJob.run(
                spark,
                new UnigramTrainOptions(
                        input, dir.resolve(name).toString(), OPTIONS, false, false, validation, 1 << 20));
    }

    private static byte[] model(String name, int size) throws IOException {
        return Files.readAllBytes(Path.of(TrainJob.modelPath(dir.resolve(name).toString(), size)));
    }

    @Test
    void oneFourAndSixteenPartitionsGiveTheSameModelFiles() throws IOException {
        UnigramTrainSummary one = train(1, "p1", 0);
        train(4, "p4", 0);
        train(16, "p16", 0);
        for (int size : new int[] {3000, 1000}) {
            assertArrayEquals(model("p1", size), model("p4", size), "4 partitions, size " + size);
            assertArrayEquals(model("p1", size), model("p16", size), "16 partitions, size " + size);
        }
        assertEquals(1000, one.recordsRead());
        assertEquals(1000, one.documents());
        assertTrue(one.seedBuckets() > 1, "the seeds came from more than one bucket: " + one.seedBuckets());
    }

    @Test
    void modelsHaveTheAskedSizesRoundTripAndReportTheirUsage() throws IOException {
        UnigramTrainSummary summary = train(3, "sizes", 0);
        for (int size : new int[] {3000, 1000}) {
            PieceModel model;
            try (InputStream in = Files.newInputStream(
                    Path.of(TrainJob.modelPath(dir.resolve("sizes").toString(), size)))) {
                model = ModelFile.read(in, "model-" + size);
            }
            assertEquals(size, model.vocabSize());
            Tokenizer tokenizer = new Tokenizer(model);
            long tokens = 0;
            long bytes = 0;
            for (String t : texts) {
                int[] ids = tokenizer.encode(t);
                assertEquals(TextNormalizer.nfc(t), tokenizer.decode(ids));
                tokens += ids.length;
                bytes += TextNormalizer.nfc(t).getBytes(StandardCharsets.UTF_8).length;
            }
            UnigramTrainSummary.SizeResult reported = summary.models().stream()
                    .filter(m -> m.vocabSize() == size)
                    .findFirst()
                    .orElseThrow();
            assertEquals(tokens, reported.tokens(), "the summary states the model's own usage of the corpus");
            assertEquals((double) bytes / tokens, reported.bytesPerToken(), 1e-12);
        }
        assertTrue(summary.rounds().size() >= 4);
        for (int i = 1; i < summary.rounds().size(); i++) {
            var round = summary.rounds().get(i);
            var previous = summary.rounds().get(i - 1);
            if (round.target() == previous.target()) {
                assertTrue(round.pieces() <= previous.pieces(), "sizes only shrink toward a target");
            } else {
                assertTrue(
                        round.pieces() > previous.pieces() && round.pieces() > round.target(),
                        "each size starts from the seeds");
            }
        }
    }

    @Test
    void heldOutDocumentsAreMeasuredAndLeftOutOfTraining() throws IOException {
        UnigramTrainSummary summary = train(2, "validation", 0.1);
        assertTrue(
                summary.validationBytes() > 0 && summary.trainingBytes() > 5 * summary.validationBytes(),
                summary.trainingBytes() + " trained on, " + summary.validationBytes() + " held out");
        assertEquals(
                summary.trainingBytes() + summary.validationBytes(),
                texts.stream()
                        .mapToLong(t -> TextNormalizer.nfc(t).getBytes(StandardCharsets.UTF_8).length)
                        .sum());
        for (UnigramTrainSummary.SizeResult m : summary.models()) {
            assertTrue(
                    m.validationBytesPerToken() > 1 && m.validationBytesPerToken() < m.bytesPerToken() * 1.5,
                    "held out " + m.validationBytesPerToken() + " against " + m.bytesPerToken());
        }
        assertTrue(summary.rounds().stream().anyMatch(r -> r.validationBytesPerToken() != null));
    }

    @Test
    void badRecordsStopTheJobOrAreQuarantinedAndCounted() throws IOException {
        Path mixed = dir.resolve("mixed/mixed.jsonl");
        Files.createDirectories(mixed.getParent());
        List<String> lines = new ArrayList<>(Files.readAllLines(corpus).subList(0, 300));
        lines.add(100, "{\"text\": \"cut off");
        lines.add(200, "[1, 2]");
        Files.write(mixed, lines);
        CorpusOptions input = new CorpusOptions(
                List.of(mixed.toString()),
                InputFormat.JSONL,
                "text",
                null,
                CorpusOptions.DEFAULT_MAX_RECORD_BYTES,
                CorpusOptions.DEFAULT_SPLIT_BYTES);
        UnigramOptions small = new UnigramOptions(new int[] {600}, new SeedRules(24, 3), 4800, 0.75, 1, 16);
        Exception e = assertThrows(
                Exception.class,
                () -> UnigramTrainJob.run(
                        spark,
                        new UnigramTrainOptions(
                                input, dir.resolve("strict").toString(), small, false, false, 0, 1 << 20)));
        assertTrue(
                dev.piecemill.jobs.cli.MainAccess.explain(e).contains("mixed.jsonl, record at byte"),
                dev.piecemill.jobs.cli.MainAccess.explain(e));
        UnigramTrainSummary summary = UnigramTrainJob.run(
                spark,
                new UnigramTrainOptions(input, dir.resolve("lenient").toString(), small, true, false, 0, 1 << 20));
        assertEquals(302, summary.recordsRead());
        assertEquals(300, summary.documents());
        assertEquals(2, summary.quarantined());
        assertEquals(
                2,
                spark.read()
                        .parquet(dir.resolve("lenient/_quarantine").toString())
                        .count());
    }

    @Test
    void anExistingOutputIsRefused() throws IOException {
        train(1, "existing", 0);
        var e = assertThrows(IllegalArgumentException.class, () -> train(1, "existing", 0));
        assertTrue(e.getMessage().contains("--overwrite"), e.getMessage());
    }
}
