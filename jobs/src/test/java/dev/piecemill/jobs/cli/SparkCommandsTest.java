package dev.piecemill.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.piecemill.jobs.testing.Golden;
import dev.piecemill.piece.ModelFile;
import dev.piecemill.piece.PieceModel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Spark commands as a user types them: train, tokenize with the trained model, inspect. */
class SparkCommandsTest {
    @TempDir
    Path dir;

    @Test
    void trainThenTokenizeWithTheNewModelThenInspect() throws Exception {
        Path corpus = europarlJsonl(ALL);
        String vocab = dir.resolve("vocab").toString();

        EncodeDecodeCommandTest.Run train = EncodeDecodeCommandTest.run(
                "",
                "train",
                "--input",
                corpus.toString(),
                "--output",
                vocab,
                "--vocab-size",
                "2000,1000",
                "--master",
                "local[2]");
        assertEquals(0, train.exitCode(), train.err());
        assertTrue(train.out().contains("300 documents"), train.out());
        for (int size : new int[] {2000, 1000}) {
            PieceModel model = ModelFile.read(Path.of(vocab, "model-" + size + ".json"));
            assertTrue(
                    model.vocabSize() <= size && model.vocabSize() > 259, "model-" + size + ": " + model.vocabSize());
        }

        String tokens = dir.resolve("tokens").toString();
        EncodeDecodeCommandTest.Run tokenize = EncodeDecodeCommandTest.run(
                "",
                "tokenize",
                "--model",
                vocab + "/model-2000.json",
                "--input",
                corpus.toString(),
                "--output",
                tokens,
                "--master",
                "local[2]");
        assertEquals(0, tokenize.exitCode(), tokenize.err());
        assertTrue(tokenize.out().contains("300 records read: 300 documents written, 0 quarantined"), tokenize.out());

        EncodeDecodeCommandTest.Run again = EncodeDecodeCommandTest.run(
                "",
                "tokenize",
                "--model",
                vocab + "/model-2000.json",
                "--input",
                corpus.toString(),
                "--output",
                tokens,
                "--master",
                "local[2]");
        assertEquals(Main.USER_ERROR, again.exitCode());
        assertTrue(again.err().contains("already exists; pass --overwrite"), again.err());

        EncodeDecodeCommandTest.Run inspect = EncodeDecodeCommandTest.run("", "inspect", tokens, "--limit", "2");
        assertEquals(0, inspect.exitCode(), inspect.err());
        List<JsonNode> rows = inspect.json();
        assertEquals(2, rows.size());
        for (JsonNode row : rows) {
            assertTrue(row.get("doc_id").textValue().startsWith("corpus.jsonl:"), row.toString());
            assertEquals(row.get("ids").size(), row.get("num_tokens").intValue());
        }
    }

    /** The README's web-corpus commands: a WET file tokenized and packed, a FineWeb-style Parquet file. */
    @Test
    void webCorporaTokenizeAndPackFromTheCommandLine() throws Exception {
        String model = Golden.model("plus.40k").toString();
        Path wet = dev.piecemill.jobs.io.WetFiles.write(
                dir.resolve("crawl/CC-MAIN-x.warc.wet.gz"),
                List.of(
                        dev.piecemill.jobs.io.WetFiles.Page.of(
                                "<urn:uuid:1>", "https://example.org/1", "eng", "Hello, world."),
                        dev.piecemill.jobs.io.WetFiles.Page.of(
                                "<urn:uuid:2>", "https://example.fr/2", "fra", "Bonjour à tous.")));
        String out = dir.resolve("wet-tokens").toString();
        EncodeDecodeCommandTest.Run run = EncodeDecodeCommandTest.run(
                "",
                "tokenize",
                "--model",
                model,
                "--input",
                wet.toString(),
                "--output",
                out,
                "--pack",
                "8",
                "--pack-format",
                "bin",
                "--master",
                "local[2]");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("2 records read: 2 documents written, 0 quarantined"), run.out());
        assertTrue(run.out().contains("packed "), run.out());
        assertTrue(Files.exists(Path.of(out, "packed", "index.json")));

        Path parquet = dir.resolve("fineweb");
        try (org.apache.spark.sql.SparkSession spark = dev.piecemill.jobs.testing.SparkTestSession.start()) {
            spark.sql("SELECT 'Hello, world.' AS text, '<urn:uuid:9>' AS id, 'CC-MAIN-2024-10' AS dump, "
                            + "'https://example.org/9' AS url, 'en' AS language, 0.97D AS language_score")
                    .write()
                    .parquet(parquet.toString());
        }
        String fineweb = dir.resolve("fineweb-tokens").toString();
        run = EncodeDecodeCommandTest.run(
                "",
                "tokenize",
                "--model",
                model,
                "--input",
                parquet.toString(),
                "--id-field",
                "id",
                "--keep-columns",
                "url,dump,language_score",
                "--output",
                fineweb,
                "--master",
                "local[2]");
        assertEquals(0, run.exitCode(), run.err());
        EncodeDecodeCommandTest.Run inspect = EncodeDecodeCommandTest.run("", "inspect", fineweb, "--limit", "1");
        JsonNode row = inspect.json().get(0);
        assertEquals("<urn:uuid:9>", row.get("doc_id").textValue());
        assertEquals("https://example.org/9", row.get("url").textValue());
        assertEquals(0.97, row.get("language_score").doubleValue());
    }

    private static final int ALL = Integer.MAX_VALUE;

    /** The first {@code documents} golden Europarl paragraphs as JSON Lines in this test's folder. */
    private Path europarlJsonl(int documents) throws Exception {
        Path corpus = dir.resolve("corpus.jsonl");
        StringBuilder lines = new StringBuilder();
        for (Golden.Line line : Golden.europarl().stream().limit(documents).toList()) {
            lines.append("{\"text\": ")
                    .append(Golden.JSON.writeValueAsString(line.text()))
                    .append("}\n");
        }
        Files.writeString(corpus, lines.toString(), StandardCharsets.UTF_8);
        return corpus;
    }

    @Test
    void trainUnigramGivesTheExactSizesAsked() throws Exception {
        Path corpus = europarlJsonl(ALL);
        String vocab = dir.resolve("unigram").toString();
        EncodeDecodeCommandTest.Run train = EncodeDecodeCommandTest.run(
                "",
                "train",
                "--algorithm",
                "unigram",
                "--input",
                corpus.toString(),
                "--output",
                vocab,
                "--vocab-size",
                "2000,1000",
                "--validation-fraction",
                "0.1",
                "--master",
                "local[2]");
        assertEquals(0, train.exitCode(), train.err());
        assertTrue(train.out().contains("300 records read: 300 documents"), train.out());
        for (int size : new int[] {2000, 1000}) {
            assertEquals(
                    size,
                    ModelFile.read(Path.of(vocab, "model-" + size + ".json")).vocabSize());
        }
        JsonNode summary = Golden.JSON.readTree(Path.of(vocab, "summary.json").toFile());
        assertEquals("unigram", summary.get("algorithm").textValue());
        assertTrue(summary.get("rounds").size() > 3);
    }

    @Test
    void trainUnigramRefusesBadOptionsAsUsageErrors() throws Exception {
        Path corpus = europarlJsonl(ALL);
        String[][] refused = {
            {"--vocab-size", "259"}, {"--vocab-size", "2000", "--max-piece-length", "0"},
            {"--vocab-size", "2000", "--shrinking-factor", "1"}, {"--vocab-size", "2000", "--validation-fraction", "1"}
        };
        String[] messages = {
            "vocabulary size must be at least 298 (256 bytes, 38 whitespace runs",
            "max piece length must be at least 1",
            "shrinking factor must lie in (0, 1)",
            "validation fraction must lie in [0, 1)"
        };
        for (int i = 0; i < refused.length; i++) {
            List<String> args = new java.util.ArrayList<>(List.of(
                    "train",
                    "--algorithm",
                    "unigram",
                    "--input",
                    corpus.toString(),
                    "--output",
                    dir.resolve("bad" + i).toString()));
            args.addAll(List.of(refused[i]));
            EncodeDecodeCommandTest.Run bad = EncodeDecodeCommandTest.run("", args.toArray(String[]::new));
            assertEquals(Main.USER_ERROR, bad.exitCode(), String.join(" ", refused[i]));
            assertTrue(bad.err().contains(messages[i]), bad.err());
        }
        EncodeDecodeCommandTest.Run mixed = EncodeDecodeCommandTest.run(
                "",
                "train",
                "--algorithm",
                "unigram",
                "--input",
                corpus.toString(),
                "--output",
                dir.resolve("mixed").toString(),
                "--vocab-size",
                "2000",
                "--order",
                "5");
        assertEquals(2, mixed.exitCode(), "an option of the other algorithm is a usage error");
        assertTrue(mixed.err().contains("apply to --algorithm bytepiece only"), mixed.err());
        EncodeDecodeCommandTest.Run help = EncodeDecodeCommandTest.run("", "train", "--help");
        assertTrue(help.out().contains("--algorithm") && help.out().contains("unigram EM"), help.out());
    }

    @Test
    void collapseTwoLoopsThenReportThem() throws Exception {
        Path corpus = europarlJsonl(80);
        String model = Golden.model("plus.40k").toString();
        for (String loop : List.of("fully-synthetic", "accumulate")) {
            EncodeDecodeCommandTest.Run collapse = EncodeDecodeCommandTest.run(
                    "",
                    "collapse",
                    "--input",
                    corpus.toString(),
                    "--output",
                    dir.resolve(loop).toString(),
                    "--model",
                    model,
                    "--loop",
                    loop,
                    "--generations",
                    "2",
                    "--tokens-per-generation",
                    "1500",
                    "--replicates",
                    "2",
                    "--master",
                    "local[2]");
            assertEquals(0, collapse.exitCode(), collapse.err());
            assertTrue(
                    collapse.out().contains(loop + " loop, generations 0..2 x 2 replicates, N = 1,500 tokens"),
                    collapse.out());
            List<String> csv = Files.readAllLines(dir.resolve(loop).resolve("metrics.csv"));
            assertEquals(1 + 2 * 3, csv.size(), "a header and a row per replicate and generation");
            assertTrue(csv.get(0).startsWith("replicate,generation,tokens,documents,types,entropy,gini_simpson"));
            assertTrue(Files.exists(dir.resolve(loop).resolve("report.html")));
        }
        Path page = dir.resolve("both.html");
        EncodeDecodeCommandTest.Run report = EncodeDecodeCommandTest.run(
                "",
                "report",
                dir.resolve("fully-synthetic").toString(),
                dir.resolve("accumulate").toString(),
                "--output",
                page.toString());
        assertEquals(0, report.exitCode(), report.err());
        String html = Files.readString(page);
        assertTrue(html.contains("fully-synthetic") && html.contains("accumulate"));
        assertEquals(
                dev.piecemill.metrics.Metric.values().length - 2,
                html.split("<svg", -1).length - 1,
                "a plot per metric but the fixed tokenizer's two");
        assertTrue(html.contains("Not plotted: vocab_overlap_gen0, heldout_bytes_per_token"), "and why");

        EncodeDecodeCommandTest.Run both = EncodeDecodeCommandTest.run(
                "",
                "collapse",
                "--input",
                corpus.toString(),
                "--output",
                dir.resolve("x").toString(),
                "--generations",
                "1",
                "--tokens-per-generation",
                "10",
                "--docs-per-generation",
                "10");
        assertEquals(2, both.exitCode(), "one budget or the other");
        assertTrue(both.err().contains("mutually exclusive"), both.err());
        EncodeDecodeCommandTest.Run zero = EncodeDecodeCommandTest.run(
                "",
                "collapse",
                "--input",
                corpus.toString(),
                "--output",
                dir.resolve("z").toString(),
                "--generations",
                "1",
                "--tokens-per-generation",
                "0");
        assertEquals(Main.USER_ERROR, zero.exitCode());
        assertTrue(zero.err().contains("--tokens-per-generation must be at least 1, got 0"), zero.err());
        EncodeDecodeCommandTest.Run badLoop = EncodeDecodeCommandTest.run(
                "",
                "collapse",
                "--input",
                corpus.toString(),
                "--output",
                dir.resolve("y").toString(),
                "--generations",
                "1",
                "--loop",
                "recycle");
        assertEquals(Main.USER_ERROR, badLoop.exitCode());
        assertTrue(
                badLoop.err().contains("'--loop': must be one of fully-synthetic, augment, fresh, accumulate"),
                badLoop.err());
    }
}
