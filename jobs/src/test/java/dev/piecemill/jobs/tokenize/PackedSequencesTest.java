package dev.piecemill.jobs.tokenize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.piecemill.jobs.cli.MainAccess;
import dev.piecemill.jobs.io.Corpus;
import dev.piecemill.jobs.io.CorpusOptions;
import dev.piecemill.jobs.testing.Golden;
import dev.piecemill.jobs.testing.SparkTestSession;
import dev.piecemill.pack.PackBuckets;
import dev.piecemill.piece.ModelFile;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * tokenize --pack end to end on local Spark: the rows against the documents they pack, the same
 * output for any input partitioning, bin shards read back as a memory-mapping loader would,
 * separators never doubled, bad options refused.
 */
class PackedSequencesTest {
    private static final String MODEL = Golden.model("plus.40k").toString();
    private static final int N = 256;
    private static SparkSession spark;
    /** The corpus: the 300 golden documents, and a second "doc-7" (doc 8's text) to tie on the id. */
    private static final List<Doc> docs = new ArrayList<>();

    private static final Map<String, Run> runs = new HashMap<>();
    private static Path one;
    private static Path four;

    @TempDir
    static Path dir;

    /** A document of the corpus and the reference's pieces for it under plus.40k. */
    private record Doc(String id, String text, int[] pieces) {}

    /** One packed row, read back from Parquet or from a shard and the doc-ids table. */
    private record Packed(int[] ids, List<String> docIds) {}

    /** A job run: its summary and where it wrote. */
    private record Run(TokenizeSummary summary, String output) {
        Path packed() {
            return Path.of(output, PackStage.FOLDER);
        }
    }

    @BeforeAll
    static void start() throws IOException {
        spark = SparkTestSession.start();
        List<Golden.Line> golden = Golden.europarl();
        for (int i = 0; i < golden.size(); i++) {
            docs.add(new Doc("doc-" + i, golden.get(i).text(), golden.get(i).plus40k()));
        }
        docs.add(new Doc("doc-7", golden.get(8).text(), golden.get(8).plus40k()));
        // One file in a scrambled order, and the same documents dealt over four files.
        StringBuilder all = new StringBuilder();
        StringBuilder[] parts = {new StringBuilder(), new StringBuilder(), new StringBuilder(), new StringBuilder()};
        for (int k = 0; k < docs.size(); k++) {
            String line = jsonLine(docs.get(k * 11 % docs.size())) + "\n"; // 11 is prime to 301: a permutation
            all.append(line);
            parts[k % 4].append(line);
        }
        one = Files.createDirectories(dir.resolve("one"));
        Files.writeString(one.resolve("all.jsonl"), all, StandardCharsets.UTF_8);
        four = Files.createDirectories(dir.resolve("four"));
        for (int f = 0; f < parts.length; f++) {
            Files.writeString(four.resolve("part-" + f + ".jsonl"), parts[f], StandardCharsets.UTF_8);
        }
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    private static String jsonLine(Doc doc) throws IOException {
        return "{\"id\": \"" + doc.id() + "\", \"text\": " + Golden.JSON.writeValueAsString(doc.text()) + "}";
    }

    private static CorpusOptions corpus(Path input, long splitBytes) {
        return new CorpusOptions(
                List.of(input.toString()), null, "text", "id", CorpusOptions.DEFAULT_MAX_RECORD_BYTES, splitBytes);
    }

    /** The single file cut into about 16 ranges. */
    private static CorpusOptions sixteenSplits() throws IOException {
        return corpus(one, Files.size(one.resolve("all.jsonl")) / 16 + 1);
    }

    /** Runs tokenize --pack once per name; tests share the runs. */
    private static Run run(String name, String model, CorpusOptions corpus, boolean bos, boolean eos, PackOptions pack)
            throws IOException {
        Run done = runs.get(name);
        if (done == null) {
            String out = dir.resolve(name).toString();
            done = new Run(
                    TokenizeJob.run(
                            spark, new TokenizeOptions(model, corpus, out, -1, 0, bos, eos, false, false, pack)),
                    out);
            runs.put(name, done);
        }
        return done;
    }

    private static Run parquetOfOneFile() throws IOException {
        return run(
                "one-parquet",
                MODEL,
                corpus(one, CorpusOptions.DEFAULT_SPLIT_BYTES),
                false,
                false,
                new PackOptions(N, PackOptions.DEFAULT_BUCKETS, PackFormat.PARQUET));
    }

    private static Run parquetWithBos() throws IOException {
        return run(
                "bos-parquet",
                MODEL,
                corpus(four, CorpusOptions.DEFAULT_SPLIT_BYTES),
                true,
                false,
                new PackOptions(N, 8, PackFormat.PARQUET));
    }

    /**
     * Bucket by bucket, the documents' runs ([<bos>] pieces <eos>) in id order, and the document of
     * each token (its place in that order: two documents may share an id).
     */
    private static Map<Integer, List<int[]>> expectedStreams(
            List<Doc> documents, int buckets, boolean bos, Map<Integer, List<Integer>> owners, List<Doc> sorted) {
        Map<Integer, List<int[]>> streams = new TreeMap<>();
        sorted.addAll(documents);
        sorted.sort(Comparator.comparing(Doc::id).thenComparing(Doc::pieces, Arrays::compare));
        for (int d = 0; d < sorted.size(); d++) {
            Doc doc = sorted.get(d);
            int bucket = PackBuckets.of(doc.id(), buckets);
            int[] run = new int[doc.pieces().length + (bos ? 2 : 1)];
            run[0] = 1;
            System.arraycopy(doc.pieces(), 0, run, bos ? 1 : 0, doc.pieces().length);
            run[run.length - 1] = 2;
            streams.computeIfAbsent(bucket, b -> new ArrayList<>()).add(run);
            List<Integer> owner = owners.computeIfAbsent(bucket, b -> new ArrayList<>());
            for (int i = 0; i < run.length; i++) {
                owner.add(d);
            }
        }
        return streams;
    }

    /**
     * Checks every bucket's rows against its documents: each row exactly N ids, the rows in order
     * the bucket's stream cut every N ids, each naming the documents it cuts into (an id twice for
     * two documents sharing it); returns the ids left over (the streams' ends after the last full row).
     */
    private static long assertPacking(
            Map<Integer, List<Packed>> packed, List<Doc> documents, int buckets, boolean bos) {
        Map<Integer, List<Integer>> owners = new TreeMap<>();
        List<Doc> sorted = new ArrayList<>();
        Map<Integer, List<int[]>> streams = expectedStreams(documents, buckets, bos, owners, sorted);
        assertTrue(streams.keySet().containsAll(packed.keySet()), "no rows outside the documents' buckets");
        long leftover = 0;
        for (Map.Entry<Integer, List<int[]>> bucket : streams.entrySet()) {
            int[] stream =
                    bucket.getValue().stream().flatMapToInt(Arrays::stream).toArray();
            List<Integer> owner = owners.get(bucket.getKey());
            List<Packed> rows = packed.getOrDefault(bucket.getKey(), List.of());
            assertEquals(stream.length / N, rows.size(), "bucket " + bucket.getKey());
            for (int r = 0; r < rows.size(); r++) {
                String where = "bucket " + bucket.getKey() + " row " + r;
                assertEquals(N, rows.get(r).ids().length, where);
                assertArrayEquals(
                        Arrays.copyOfRange(stream, r * N, (r + 1) * N),
                        rows.get(r).ids(),
                        where);
                assertEquals(
                        owner.subList(r * N, (r + 1) * N).stream()
                                .distinct()
                                .map(d -> sorted.get(d).id())
                                .toList(),
                        rows.get(r).docIds(),
                        where);
            }
            leftover += stream.length - (long) rows.size() * N;
        }
        return leftover;
    }

    /** Bucket -> rows of OUTPUT/packed (Parquet), checking that file part-i holds bucket i's rows in sequence order. */
    private static Map<Integer, List<Packed>> parquetRows(Run run) {
        Map<Integer, List<Packed>> rows = new TreeMap<>();
        List<Row> all = spark.read()
                .parquet(run.packed().toString())
                .selectExpr("bucket", "sequence", "ids", "doc_ids", "_metadata.file_name", "_metadata.row_index")
                .orderBy("bucket", "sequence")
                .collectAsList();
        for (Row row : all) {
            int bucket = row.getInt(0);
            assertTrue(
                    row.getString(4).startsWith(String.format("part-%05d-", bucket)),
                    "bucket " + bucket + " in " + row.getString(4));
            assertEquals(row.getLong(1), row.getLong(5), "rows are written in sequence order");
            List<Packed> list = rows.computeIfAbsent(bucket, b -> new ArrayList<>());
            assertEquals(list.size(), row.getLong(1), "sequences count 0, 1, ... in bucket " + bucket);
            list.add(new Packed(ints(row.getList(2)), row.getList(3)));
        }
        return rows;
    }

    /** Bucket -> rows of a bin output: shards memory-mapped as index.json describes them, doc ids from doc_ids/. */
    private static Map<Integer, List<Packed>> binRows(Run run) throws IOException {
        JsonNode index =
                Golden.JSON.readTree(run.packed().resolve(PackStage.INDEX_FILE).toFile());
        int length = index.get("sequence_length").intValue();
        boolean wide = index.get("dtype").textValue().equals("uint32");
        Map<Integer, Map<Long, List<String>>> docIds = new TreeMap<>();
        for (Row row : spark.read()
                .parquet(run.packed().resolve(index.get("doc_ids").textValue()).toString())
                .collectAsList()) {
            docIds.computeIfAbsent(row.getInt(row.fieldIndex("shard")), s -> new TreeMap<>())
                    .put(row.getLong(row.fieldIndex("sequence")), row.getList(row.fieldIndex("doc_ids")));
        }
        Map<Integer, List<Packed>> rows = new TreeMap<>();
        for (JsonNode shard : index.get("shards")) {
            int bucket = shard.get("bucket").intValue();
            assertEquals(PackStage.shardName(bucket), shard.get("file").textValue());
            List<Packed> list = new ArrayList<>();
            try (FileChannel file =
                    FileChannel.open(run.packed().resolve(shard.get("file").textValue()))) {
                MappedByteBuffer bytes = file.map(FileChannel.MapMode.READ_ONLY, 0, file.size());
                bytes.order(ByteOrder.LITTLE_ENDIAN);
                long sequences = file.size() / ((long) length * (wide ? 4 : 2));
                assertEquals(shard.get("sequences").longValue(), sequences, shard.toString());
                for (long s = 0; s < sequences; s++) {
                    int[] ids = new int[length];
                    for (int i = 0; i < length; i++) {
                        ids[i] = wide ? bytes.getInt() : Short.toUnsignedInt(bytes.getShort());
                    }
                    list.add(new Packed(ids, docIds.get(bucket).get(s)));
                }
                assertFalse(bytes.hasRemaining(), "a shard holds whole rows only");
            }
            assertEquals(list.size(), docIds.get(bucket).size(), "a doc-ids row per shard row");
            rows.put(bucket, list);
        }
        assertEquals(rows.keySet(), docIds.keySet());
        return rows;
    }

    private static int[] ints(List<Integer> values) {
        return values.stream().mapToInt(Integer::intValue).toArray();
    }

    private static void assertSameRows(Map<Integer, List<Packed>> expected, Map<Integer, List<Packed>> actual) {
        assertEquals(expected.keySet(), actual.keySet());
        expected.forEach((bucket, rows) -> {
            assertEquals(rows.size(), actual.get(bucket).size(), "bucket " + bucket);
            for (int r = 0; r < rows.size(); r++) {
                assertArrayEquals(rows.get(r).ids(), actual.get(bucket).get(r).ids(), "bucket " + bucket + " row " + r);
                assertEquals(
                        rows.get(r).docIds(), actual.get(bucket).get(r).docIds(), "bucket " + bucket + " row " + r);
            }
        });
    }

    /** The packed folder's Parquet files, by partition number (their names differ by a job id), as bytes. */
    private static Map<String, byte[]> packedFiles(Run run) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> list = Files.list(run.packed())) {
            for (Path p : list.filter(p -> p.getFileName().toString().endsWith(".parquet"))
                    .toList()) {
                files.put(p.getFileName().toString().substring(0, "part-00000".length()), Files.readAllBytes(p));
            }
        }
        return files;
    }

    @Test
    void rowsAreTheBucketsDocumentsInIdOrderCutEveryNTokensAndEveryTokenIsCounted() throws IOException {
        Run run = parquetOfOneFile();
        long leftover = assertPacking(parquetRows(run), docs, PackOptions.DEFAULT_BUCKETS, false);

        PackSummary pack = run.summary().pack();
        long rows = parquetRows(run).values().stream().mapToLong(List::size).sum();
        assertEquals(rows, pack.sequences());
        assertEquals(rows * N, pack.tokens());
        assertEquals(leftover, pack.leftoverTokens());
        assertTrue(leftover < PackOptions.DEFAULT_BUCKETS * N, "less than a row a bucket is left over");
        assertEquals(docs.size(), pack.separatorTokens(), "one <eos> a document");
        long pieces = docs.stream().mapToLong(d -> d.pieces().length).sum();
        assertEquals(pieces, run.summary().tokens());
        assertEquals(pieces + docs.size(), pack.sequences() * N + pack.leftoverTokens(), "tokens are conserved");
        assertTrue(
                run.summary()
                        .describe()
                        .contains(String.format(
                                "packed %,d sequences of 256 tokens (parquet, 16 " + "buckets), %,d tokens left over",
                                rows, leftover)),
                run.summary().describe());

        JsonNode saved = Golden.JSON.readTree(
                Path.of(run.output(), TokenizeJob.SUMMARY_FILE).toFile());
        assertEquals(rows, saved.get("pack").get("sequences").longValue());
        assertEquals(leftover, saved.get("pack").get("leftover_tokens").longValue());
        assertEquals(N, saved.get("pack").get("length").intValue());
        assertEquals(docs.size(), spark.read().parquet(run.output()).count(), "the per-document table reads as before");
    }

    @Test
    void thePackedFilesAreTheSameForOneFourAndSixteenInputPartitions() throws IOException {
        PackOptions pack = new PackOptions(N, PackOptions.DEFAULT_BUCKETS, PackFormat.PARQUET);
        assertEquals(
                1,
                Corpus.read(spark, corpus(one, CorpusOptions.DEFAULT_SPLIT_BYTES))
                        .records()
                        .getNumPartitions());
        assertEquals(
                4,
                Corpus.read(spark, corpus(four, CorpusOptions.DEFAULT_SPLIT_BYTES))
                        .records()
                        .getNumPartitions());
        assertEquals(16, Corpus.read(spark, sixteenSplits()).records().getNumPartitions());
        Map<String, byte[]> expected = packedFiles(parquetOfOneFile());
        assertEquals(PackOptions.DEFAULT_BUCKETS, expected.size(), "a file a bucket");
        Run fourFiles = run("four-parquet", MODEL, corpus(four, CorpusOptions.DEFAULT_SPLIT_BYTES), false, false, pack);
        Run sixteen = run("sixteen-parquet", MODEL, sixteenSplits(), false, false, pack);
        // --add-eos stores the <eos> that packing adds otherwise: the same rows again.
        Run withEos =
                run("four-eos-parquet", MODEL, corpus(four, CorpusOptions.DEFAULT_SPLIT_BYTES), false, true, pack);
        for (Run other : List.of(fourFiles, sixteen, withEos)) {
            Map<String, byte[]> files = packedFiles(other);
            assertEquals(expected.keySet(), files.keySet(), other.output());
            expected.forEach((part, bytes) -> assertArrayEquals(bytes, files.get(part), other.output() + " " + part));
            assertEquals(
                    parquetOfOneFile().summary().pack().leftoverTokens(),
                    other.summary().pack().leftoverTokens());
        }
    }

    @Test
    void binShardsHoldTheParquetRowsOfTheSameInputAndIndexDescribesThem() throws IOException {
        Run parquet = parquetOfOneFile();
        Run bin = run(
                "sixteen-bin",
                MODEL,
                sixteenSplits(),
                false,
                false,
                new PackOptions(N, PackOptions.DEFAULT_BUCKETS, PackFormat.BIN));
        Map<Integer, List<Packed>> rows = binRows(bin);
        assertSameRows(parquetRows(parquet), rows);

        JsonNode index =
                Golden.JSON.readTree(bin.packed().resolve(PackStage.INDEX_FILE).toFile());
        assertEquals("uint16", index.get("dtype").textValue());
        assertEquals("little", index.get("byte_order").textValue());
        assertEquals(N, index.get("sequence_length").intValue());
        assertEquals(
                ModelFile.read(Path.of(MODEL)).vocabSize(),
                index.get("vocab_size").intValue());
        assertEquals(
                parquet.summary().pack().sequences(), index.get("sequences").longValue());
        assertEquals(parquet.summary().pack().tokens(), index.get("tokens").longValue());
        assertEquals(
                parquet.summary().pack().leftoverTokens(),
                index.get("leftover_tokens").longValue());
        assertEquals(2, index.get("eos_id").intValue());
        assertFalse(index.get("add_bos").booleanValue());
        long shardBytes = 0;
        for (JsonNode shard : index.get("shards")) {
            assertEquals(
                    shard.get("sequences").longValue() * N, shard.get("tokens").longValue());
            shardBytes += Files.size(bin.packed().resolve(shard.get("file").textValue()));
        }
        assertEquals(index.get("tokens").longValue() * 2, shardBytes, "two bytes a token");
        try (Stream<Path> files = Files.list(bin.packed())) {
            assertEquals(
                    index.get("shards").size(),
                    files.filter(p -> p.toString().endsWith(".bin")).count());
        }
        assertEquals(parquet.summary().pack().sequences(), bin.summary().pack().sequences());
        assertEquals("bin", bin.summary().pack().format());
    }

    @Test
    void separatorsAreAddedOnceWhateverTheStoredIdsHold() throws IOException {
        Run bosOnly = parquetWithBos();
        assertPacking(parquetRows(bosOnly), docs, 8, true);
        assertEquals(2L * docs.size(), bosOnly.summary().pack().separatorTokens());
        Run both = run(
                "both-bin",
                MODEL,
                corpus(four, CorpusOptions.DEFAULT_SPLIT_BYTES),
                true,
                true,
                new PackOptions(N, 8, PackFormat.BIN));
        Row stored =
                spark.read().parquet(both.output()).where("doc_id = 'doc-0'").first();
        int[] ids = ints(stored.getList(stored.fieldIndex("ids")));
        assertTrue(ids[0] == 1 && ids[ids.length - 1] == 2, "the stored ids hold <bos> and <eos> already");
        assertSameRows(parquetRows(bosOnly), binRows(both));
        assertTrue(Golden.JSON
                .readTree(both.packed().resolve(PackStage.INDEX_FILE).toFile())
                .get("add_bos")
                .booleanValue());
    }

    @Test
    void aVocabularyAbove65536WritesUint32Shards() throws IOException {
        String model = Golden.model("id.eu.plus.80k").toString();
        int vocabSize = ModelFile.read(Path.of(model)).vocabSize();
        assertTrue(vocabSize > 65_536, "vocab size " + vocabSize);
        Run run = run(
                "wide-bin",
                model,
                corpus(four, CorpusOptions.DEFAULT_SPLIT_BYTES),
                false,
                false,
                new PackOptions(N, 2, PackFormat.BIN));
        JsonNode index =
                Golden.JSON.readTree(run.packed().resolve(PackStage.INDEX_FILE).toFile());
        assertEquals("uint32", index.get("dtype").textValue());
        assertEquals(vocabSize, index.get("vocab_size").intValue());
        // This model has no golden ids: the documents are what tokenize stored.
        List<Doc> stored = new ArrayList<>();
        for (Row row : spark.read().parquet(run.output()).collectAsList()) {
            stored.add(
                    new Doc(row.getString(row.fieldIndex("doc_id")), null, ints(row.getList(row.fieldIndex("ids")))));
        }
        Map<Integer, List<Packed>> rows = binRows(run);
        assertTrue(
                rows.values().stream()
                        .flatMap(List::stream)
                        .flatMapToInt(r -> Arrays.stream(r.ids()))
                        .anyMatch(id -> id > 0xFFFF),
                "some ids need more than 16 bits");
        assertEquals(run.summary().pack().leftoverTokens(), assertPacking(rows, stored, 2, false));
    }

    @Test
    void badPackOptionsAreRefusedNamingTheOption() {
        for (int length : new int[] {0, -1, (1 << 20) + 1}) {
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> new PackOptions(length, 16, PackFormat.PARQUET));
            assertTrue(e.getMessage().startsWith("--pack must be from 1 to 1,048,576 tokens"), e.getMessage());
        }
        assertEquals(1 << 20, new PackOptions(1 << 20, 1, PackFormat.BIN).length());
        assertThrows(IllegalArgumentException.class, () -> new PackOptions(64, 0, PackFormat.PARQUET));
        assertThrows(IllegalArgumentException.class, () -> new PackOptions(64, 10_001, PackFormat.PARQUET));
        assertThrows(IllegalArgumentException.class, () -> new PackOptions(64, 16, null));
        assertEquals(PackFormat.BIN, PackFormat.parse("bin"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PackFormat.parse("npy"));
        assertEquals("--pack-format must be parquet or bin, not \"npy\"", e.getMessage());

        String[][] refused = {
            {"--pack", "0"},
            {"--pack", "-5"},
            {"--pack", "1048577"},
            {"--pack", "x"},
            {"--pack", "64", "--pack-format", "csv"},
            {"--pack", "64", "--pack-buckets", "0"},
            {"--pack-buckets", "4"},
            {"--pack-format", "bin"}
        };
        String[] messages = {
            "--pack must be from 1 to 1,048,576 tokens, not 0",
            "--pack must be from 1 to 1,048,576 " + "tokens, not -5",
            "--pack must be from 1 to 1,048,576 tokens, not 1,048,577",
            "'--pack'",
            "--pack-format must be parquet or bin, not \"csv\"",
            "--pack-buckets must be from 1 to 10,000, not 0",
            "--pack-buckets apply to --pack N only",
            "--pack-format apply to --pack N only"
        };
        for (int i = 0; i < refused.length; i++) {
            Path out = dir.resolve("refused-" + i);
            List<String> args = new ArrayList<>(
                    List.of("tokenize", "--model", MODEL, "--input", one.toString(), "--output", out.toString()));
            args.addAll(List.of(refused[i]));
            MainAccess.Result result = MainAccess.run(args.toArray(String[]::new));
            assertEquals(2, result.exitCode(), String.join(" ", refused[i]) + ": a usage error");
            assertTrue(result.err().contains(messages[i]), result.err());
            assertFalse(Files.exists(out), "refused before anything is written");
        }
        MainAccess.Result help = MainAccess.run("tokenize", "--help");
        assertEquals(0, help.exitCode());
        for (String option : List.of("--pack=N", "--pack-buckets=B", "--pack-format=FORMAT", "np.memmap")) {
            assertTrue(help.out().contains(option), help.out());
        }
    }
}
