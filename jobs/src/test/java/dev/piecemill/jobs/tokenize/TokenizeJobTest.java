package dev.piecemill.jobs.tokenize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.piecemill.jobs.io.BadRecordException;
import dev.piecemill.jobs.io.CorpusOptions;
import dev.piecemill.jobs.io.InputFormat;
import dev.piecemill.jobs.io.Quarantine;
import dev.piecemill.jobs.testing.Golden;
import dev.piecemill.jobs.testing.SparkTestSession;
import dev.piecemill.piece.ModelFile;
import dev.piecemill.piece.Tokenizer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorOutputStream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tokenize job end to end on local Spark: formats, splits, sampling, bad records, guards. */
class TokenizeJobTest {
    private static final String MODEL = Golden.model("plus.40k").toString();
    private static SparkSession spark;
    private static List<Golden.Line> golden;
    private static Tokenizer tokenizer;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws IOException {
        spark = SparkTestSession.start();
        golden = Golden.europarl();
        tokenizer = new Tokenizer(ModelFile.read(Path.of(MODEL)));
        // The 300 golden documents in four files, one per compression.
        Path jsonl = Files.createDirectories(dir.resolve("jsonl"));
        String[] names = {"a.jsonl", "b.jsonl.gz", "c.jsonl.bz2", "d.jsonl.zst"};
        for (int f = 0; f < names.length; f++) {
            StringBuilder lines = new StringBuilder();
            for (int i = f * 75; i < (f + 1) * 75; i++) {
                lines.append(jsonLine(i)).append('\n');
            }
            write(jsonl.resolve(names[f]), lines.toString());
        }
        StringBuilder all = new StringBuilder();
        for (int i = 0; i < golden.size(); i++) {
            all.append(jsonLine(i)).append('\n');
        }
        write(dir.resolve("one/all.jsonl"), all.toString());
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    private static String jsonLine(int i) {
        return "{\"id\": \"doc-" + i + "\", \"text\": " + quote(golden.get(i).text()) + "}";
    }

    private static String quote(String s) {
        try {
            return Golden.JSON.writeValueAsString(s);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void write(Path path, String content) throws IOException {
        Files.createDirectories(path.getParent());
        try (OutputStream raw = Files.newOutputStream(path);
                OutputStream out = compress(path.getFileName().toString(), raw)) {
            out.write(content.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static OutputStream compress(String name, OutputStream raw) throws IOException {
        if (name.endsWith(".gz")) {
            return new GZIPOutputStream(raw);
        }
        if (name.endsWith(".bz2")) {
            return new BZip2CompressorOutputStream(raw);
        }
        if (name.endsWith(".zst")) {
            return new ZstdCompressorOutputStream(raw);
        }
        return raw;
    }

    private static CorpusOptions corpus(String input, String idField, long splitBytes) {
        return new CorpusOptions(
                List.of(input), null, "text", idField, CorpusOptions.DEFAULT_MAX_RECORD_BYTES, splitBytes);
    }

    private static TokenizeOptions options(CorpusOptions corpus, String output) {
        return new TokenizeOptions(MODEL, corpus, output, -1, 0, false, false, false, false);
    }

    private static Map<String, int[]> idsByDoc(String output) {
        Map<String, int[]> ids = new TreeMap<>();
        for (Row row : spark.read().parquet(output).collectAsList()) {
            List<Integer> list = row.getList(row.fieldIndex("ids"));
            int[] values = list.stream().mapToInt(Integer::intValue).toArray();
            int[] previous = ids.put(row.getString(row.fieldIndex("doc_id")), values);
            assertEquals(null, previous, "doc ids are unique");
        }
        return ids;
    }

    @Test
    void idsEqualTheReferenceAcrossCompressionsAndTheSummaryCountsThem() throws IOException {
        String out = dir.resolve("out-golden").toString();
        TokenizeSummary summary = TokenizeJob.run(
                spark, options(corpus(dir.resolve("jsonl").toString(), "id", CorpusOptions.DEFAULT_SPLIT_BYTES), out));
        Map<String, int[]> ids = idsByDoc(out);
        assertEquals(300, ids.size());
        long tokens = 0;
        long bytes = 0;
        for (int i = 0; i < golden.size(); i++) {
            assertArrayEquals(golden.get(i).plus40k(), ids.get("doc-" + i), "doc-" + i);
            tokens += golden.get(i).plus40k().length;
            bytes += Normalizer.normalize(golden.get(i).text(), Normalizer.Form.NFC)
                    .getBytes(StandardCharsets.UTF_8)
                    .length;
        }
        assertEquals(4, summary.inputFiles());
        assertEquals(300, summary.recordsRead());
        assertEquals(300, summary.documents());
        assertEquals(0, summary.quarantined());
        assertEquals(tokens, summary.tokens());
        assertEquals(bytes, summary.bytes());
        JsonNode saved =
                Golden.JSON.readTree(Path.of(out, TokenizeJob.SUMMARY_FILE).toFile());
        assertEquals(tokens, saved.get("tokens").longValue());
        assertEquals(300, saved.get("documents").longValue());
    }

    @Test
    void derivedIdsAndOutputDoNotDependOnHowFilesAreSplit() throws IOException {
        String input = dir.resolve("one").toString();
        String whole = dir.resolve("out-whole").toString();
        String pieces = dir.resolve("out-split").toString();
        TokenizeJob.run(spark, options(corpus(input, null, CorpusOptions.DEFAULT_SPLIT_BYTES), whole));
        TokenizeSummary split = TokenizeJob.run(spark, options(corpus(input, null, 4096), pieces));
        Map<String, int[]> a = idsByDoc(whole);
        Map<String, int[]> b = idsByDoc(pieces);
        assertEquals(300, a.size());
        assertEquals(a.keySet(), b.keySet());
        a.forEach((doc, ids) -> assertArrayEquals(ids, b.get(doc), doc));
        assertEquals(300, split.documents());
        assertTrue(a.containsKey("all.jsonl:0"), "derived ids are file:offset");
    }

    @Test
    void parquetInputGivesTheSameIds() throws IOException {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < golden.size(); i++) {
            rows.add(RowFactory.create("doc-" + i, golden.get(i).text()));
        }
        StructType schema = new StructType().add("id", DataTypes.StringType).add("body", DataTypes.StringType);
        String input = dir.resolve("parquet-in").toString();
        spark.createDataFrame(rows, schema).repartition(3).write().parquet(input);
        String out = dir.resolve("out-parquet").toString();
        CorpusOptions corpus = new CorpusOptions(
                List.of(input),
                InputFormat.PARQUET,
                "body",
                "id",
                CorpusOptions.DEFAULT_MAX_RECORD_BYTES,
                CorpusOptions.DEFAULT_SPLIT_BYTES);
        TokenizeJob.run(spark, options(corpus, out));
        Map<String, int[]> ids = idsByDoc(out);
        for (int i = 0; i < golden.size(); i++) {
            assertArrayEquals(golden.get(i).plus40k(), ids.get("doc-" + i), "doc-" + i);
        }

        CorpusOptions wrongColumn = new CorpusOptions(
                List.of(input),
                InputFormat.PARQUET,
                "text",
                null,
                CorpusOptions.DEFAULT_MAX_RECORD_BYTES,
                CorpusOptions.DEFAULT_SPLIT_BYTES);
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> TokenizeJob.run(
                        spark, options(wrongColumn, dir.resolve("out-nocolumn").toString())));
        assertTrue(
                e.getMessage().contains("no column \"text\"") && e.getMessage().contains("id, body"), e.getMessage());
    }

    @Test
    void samplingIsSeededPerDocumentNotPerPartition() throws IOException {
        String input = dir.resolve("one").toString();
        Map<String, int[]> a = sample(input, CorpusOptions.DEFAULT_SPLIT_BYTES, 7, "sample-a");
        Map<String, int[]> b = sample(input, 4096, 7, "sample-b");
        Map<String, int[]> c = sample(input, CorpusOptions.DEFAULT_SPLIT_BYTES, 8, "sample-c");
        int differentFromViterbi = 0;
        int differentSeed = 0;
        for (int i = 0; i < golden.size(); i++) {
            String doc = "doc-" + i;
            assertArrayEquals(a.get(doc), b.get(doc), doc + ": same seed, other splits");
            assertEquals(Normalizer.normalize(golden.get(i).text(), Normalizer.Form.NFC), tokenizer.decode(a.get(doc)));
            differentFromViterbi += Arrays.equals(a.get(doc), golden.get(i).plus40k()) ? 0 : 1;
            differentSeed += Arrays.equals(a.get(doc), c.get(doc)) ? 0 : 1;
        }
        assertTrue(differentFromViterbi > 250, "alpha 0.1 samples differ from Viterbi: " + differentFromViterbi);
        assertTrue(differentSeed > 250, "another seed gives other samples: " + differentSeed);
    }

    private Map<String, int[]> sample(String input, long splitBytes, long seed, String name) throws IOException {
        String out = dir.resolve(name).toString();
        TokenizeJob.run(
                spark,
                new TokenizeOptions(
                        MODEL, corpus(input, "id", splitBytes), out, 0.1, seed, false, false, false, false));
        return idsByDoc(out);
    }

    @Test
    void bosAndEosFrameTheIdsButAreNotCountedAsTokens() throws IOException {
        String out = dir.resolve("out-bos").toString();
        TokenizeSummary summary = TokenizeJob.run(
                spark,
                new TokenizeOptions(
                        MODEL,
                        corpus(dir.resolve("one").toString(), "id", CorpusOptions.DEFAULT_SPLIT_BYTES),
                        out,
                        -1,
                        0,
                        true,
                        true,
                        false,
                        false));
        Map<String, int[]> ids = idsByDoc(out);
        int[] doc0 = ids.get("doc-0");
        assertEquals(1, doc0[0]);
        assertEquals(2, doc0[doc0.length - 1]);
        assertArrayEquals(golden.get(0).plus40k(), Arrays.copyOfRange(doc0, 1, doc0.length - 1));
        long expected = golden.stream().mapToLong(g -> g.plus40k().length).sum();
        assertEquals(expected, summary.tokens());
        Row first = spark.read().parquet(out).where("doc_id = 'doc-0'").first();
        assertEquals(golden.get(0).plus40k().length, first.getInt(first.fieldIndex("num_tokens")));
    }

    /** Good lines with one bad record of each kind between them. */
    private static Path badCorpus() throws IOException {
        Path file = dir.resolve("bad/mixed.jsonl");
        Files.createDirectories(file.getParent());
        List<byte[]> lines = List.of(
                "{\"text\": \"good one\"}".getBytes(StandardCharsets.UTF_8),
                new byte[] {'{', '"', 't', 'e', 'x', 't', '"', ':', '"', (byte) 0xC3, '"', '}'}, // invalid UTF-8
                "{\"text\": \"unterminated}".getBytes(StandardCharsets.UTF_8),
                "{\"title\": \"no text\"}".getBytes(StandardCharsets.UTF_8),
                "{\"text\": \"lone \\ud800 surrogate\"}".getBytes(StandardCharsets.UTF_8),
                ("{\"text\": \"" + "x".repeat(500) + "\"}").getBytes(StandardCharsets.UTF_8),
                "".getBytes(StandardCharsets.UTF_8), // a blank line is no record
                "{\"text\": \"good two\"}".getBytes(StandardCharsets.UTF_8));
        try (OutputStream out = Files.newOutputStream(file)) {
            for (byte[] line : lines) {
                out.write(line);
                out.write('\n');
            }
        }
        return file;
    }

    private static CorpusOptions badCorpusOptions() throws IOException {
        return new CorpusOptions(
                List.of(badCorpus().toString()), null, "text", null, 200, CorpusOptions.DEFAULT_SPLIT_BYTES);
    }

    @Test
    void aBadRecordStopsTheJobWithItsFileAndOffset() throws IOException {
        CorpusOptions corpus = badCorpusOptions();
        Exception e = assertThrows(
                Exception.class,
                () -> TokenizeJob.run(
                        spark, options(corpus, dir.resolve("out-bad-stop").toString())));
        String message = null;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BadRecordException) {
                message = t.getMessage();
            }
        }
        assertTrue(
                message != null && message.startsWith("mixed.jsonl, record at byte 21: invalid UTF-8 at byte 30"),
                "message: " + message);
    }

    @Test
    void skippedBadRecordsGoToTheQuarantineAndAreCounted() throws IOException {
        String out = dir.resolve("out-bad-skip").toString();
        TokenizeSummary summary = TokenizeJob.run(
                spark, new TokenizeOptions(MODEL, badCorpusOptions(), out, -1, 0, false, false, true, false));
        assertEquals(7, summary.recordsRead());
        assertEquals(2, summary.documents());
        assertEquals(5, summary.quarantined());
        assertEquals(2, spark.read().parquet(out).count());
        Map<Long, String> reasons = new HashMap<>();
        for (Row r : spark.read().parquet(out + "/" + Quarantine.FOLDER).collectAsList()) {
            assertEquals("mixed.jsonl", r.getString(0));
            reasons.put(r.getLong(1), r.getString(2));
        }
        assertEquals(5, reasons.size());
        assertTrue(reasons.get(21L).startsWith("invalid UTF-8"), reasons.toString());
        assertTrue(reasons.get(34L).startsWith("malformed JSON"), reasons.toString());
        assertEquals("no string field \"text\"", reasons.get(58L));
        assertTrue(reasons.get(79L).contains("unpaired surrogate"), reasons.toString());
        assertTrue(reasons.get(113L).startsWith("record longer than 200 bytes"), reasons.toString());
    }

    @Test
    void aCorruptCompressedFileStopsTheJobWithItsName() throws IOException {
        byte[] whole = Files.readAllBytes(dir.resolve("jsonl/b.jsonl.gz"));
        Path truncated = dir.resolve("corrupt/truncated.jsonl.gz");
        Files.createDirectories(truncated.getParent());
        Files.write(truncated, java.util.Arrays.copyOf(whole, whole.length / 2));
        CorpusOptions corpus = corpus(truncated.getParent().toString(), null, CorpusOptions.DEFAULT_SPLIT_BYTES);
        Exception e = assertThrows(
                Exception.class,
                () -> TokenizeJob.run(
                        spark, options(corpus, dir.resolve("out-corrupt").toString())));
        String message = dev.piecemill.jobs.cli.MainAccess.explain(e);
        assertTrue(
                message.startsWith("truncated.jsonl.gz: cannot read: ")
                        && message.endsWith("(a truncated or corrupt file?)"),
                message);
    }

    @Test
    void anExistingOutputIsKeptUnlessOverwriteIsAsked() throws IOException {
        Path out = Files.createDirectories(dir.resolve("out-exists"));
        Files.writeString(out.resolve("keep.txt"), "precious");
        CorpusOptions corpus = corpus(dir.resolve("one").toString(), "id", CorpusOptions.DEFAULT_SPLIT_BYTES);
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> TokenizeJob.run(spark, options(corpus, out.toString())));
        assertTrue(e.getMessage().contains("already exists; pass --overwrite"), e.getMessage());
        assertEquals("precious", Files.readString(out.resolve("keep.txt")));
        TokenizeJob.run(spark, new TokenizeOptions(MODEL, corpus, out.toString(), -1, 0, false, false, false, true));
        assertEquals(300, spark.read().parquet(out.toString()).count());
        assertNotEquals(true, Files.exists(out.resolve("keep.txt")));
    }
}
