package dev.piecemill.jobs.tokenize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.piecemill.jobs.cli.MainAccess;
import dev.piecemill.jobs.io.CorpusOptions;
import dev.piecemill.jobs.io.InputFormat;
import dev.piecemill.jobs.io.Quarantine;
import dev.piecemill.jobs.io.WetFiles;
import dev.piecemill.jobs.testing.Golden;
import dev.piecemill.jobs.testing.SparkTestSession;
import dev.piecemill.piece.ModelFile;
import dev.piecemill.piece.Tokenizer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Web-corpus inputs of the tokenize job: Common Crawl WET, FineWeb-style Parquet, JSON Lines metadata, --keep-columns. */
class WebInputsTest {
    private static final String MODEL = Golden.model("plus.40k").toString();
    private static final int DOCUMENTS = 40;
    private static SparkSession spark;
    private static List<Golden.Line> golden;

    @TempDir
    static Path dir;

    private static Tokenizer tokenizer;

    @BeforeAll
    static void start() throws IOException {
        spark = SparkTestSession.start();
        golden = Golden.europarl().subList(0, DOCUMENTS);
        tokenizer = new Tokenizer(ModelFile.read(Path.of(MODEL)));
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    /** FineWeb's columns and types, and a nested one. */
    private static final StructType FINEWEB = new StructType()
            .add("text", DataTypes.StringType)
            .add("id", DataTypes.StringType)
            .add("dump", DataTypes.StringType)
            .add("url", DataTypes.StringType)
            .add("date", DataTypes.StringType)
            .add("language", DataTypes.StringType)
            .add("language_score", DataTypes.DoubleType)
            .add("token_count", DataTypes.LongType)
            .add(
                    "meta",
                    new StructType()
                            .add("shard", DataTypes.IntegerType)
                            .add("tags", DataTypes.createArrayType(DataTypes.StringType)));

    private static Row finewebRow(int i) {
        return RowFactory.create(
                golden.get(i).text(),
                "<urn:uuid:" + i + ">",
                "CC-MAIN-2024-10",
                "https://example.org/" + i,
                "2024-02-2" + (i % 10),
                i % 3 == 0 ? "fr" : "en",
                0.5 + i / 100.0,
                (long) (1000 + i),
                RowFactory.create(
                        i % 4,
                        scala.jdk.javaapi.CollectionConverters.asScala(List.of("t" + i, "u"))
                                .toSeq()));
    }

    private static String finewebInput() {
        String input = dir.resolve("fineweb").toString();
        if (!Files.exists(Path.of(input))) {
            List<Row> rows = new ArrayList<>();
            for (int i = 0; i < DOCUMENTS; i++) {
                rows.add(finewebRow(i));
            }
            spark.createDataFrame(rows, FINEWEB).repartition(3).write().parquet(input);
        }
        return input;
    }

    private static TokenizeOptions options(CorpusOptions corpus, String output, boolean skipBadRecords) {
        return new TokenizeOptions(MODEL, corpus, output, -1, 0, false, false, skipBadRecords, false);
    }

    private static Map<String, Row> rowsById(String output) {
        Map<String, Row> rows = new HashMap<>();
        for (Row row : spark.read().parquet(output).collectAsList()) {
            assertNull(rows.put(row.getString(row.fieldIndex("doc_id")), row), "doc ids are unique");
        }
        return rows;
    }

    private static int[] ids(Row row) {
        return row.<Integer>getList(row.fieldIndex("ids")).stream()
                .mapToInt(Integer::intValue)
                .toArray();
    }

    @Test
    void finewebParquetKeepsTheColumnsAskedForWithTheirTypes() throws IOException {
        String out = dir.resolve("out-fineweb").toString();
        List<String> keep = List.of("url", "dump", "language", "language_score", "token_count", "meta");
        CorpusOptions corpus = new CorpusOptions(
                List.of(finewebInput()),
                InputFormat.PARQUET,
                "text",
                "id",
                CorpusOptions.DEFAULT_MAX_RECORD_BYTES,
                CorpusOptions.DEFAULT_SPLIT_BYTES,
                keep);
        TokenizeSummary summary = TokenizeJob.run(spark, options(corpus, out, false));
        assertEquals(DOCUMENTS, summary.documents());

        StructType written = spark.read().parquet(out).schema();
        assertEquals(
                List.of(
                        "doc_id",
                        "ids",
                        "num_bytes",
                        "num_tokens",
                        "url",
                        "dump",
                        "language",
                        "language_score",
                        "token_count",
                        "meta"),
                List.of(written.fieldNames()));
        for (String column : keep) {
            assertEquals(FINEWEB.apply(column).dataType(), written.apply(column).dataType(), column);
        }
        Map<String, Row> rows = rowsById(out);
        assertEquals(DOCUMENTS, rows.size());
        for (int i = 0; i < DOCUMENTS; i++) {
            Row in = finewebRow(i);
            Row row = rows.get("<urn:uuid:" + i + ">");
            assertArrayEquals(golden.get(i).plus40k(), ids(row), "doc " + i);
            assertEquals(in.getString(3), row.getAs("url"));
            assertEquals(in.getString(2), row.getAs("dump"));
            assertEquals(in.getString(5), row.getAs("language"));
            assertEquals(in.getDouble(6), row.<Double>getAs("language_score"));
            assertEquals(in.getLong(7), row.<Long>getAs("token_count"));
            Row meta = row.getAs("meta");
            assertEquals(i % 4, meta.getInt(0));
            assertEquals(List.of("t" + i, "u"), meta.getList(1));
        }
    }

    @Test
    void aKeptColumnTheInputLacksOrTheOutputOwnsIsRefusedByName() throws IOException {
        CorpusOptions missing = new CorpusOptions(
                List.of(finewebInput()),
                InputFormat.PARQUET,
                "text",
                "id",
                CorpusOptions.DEFAULT_MAX_RECORD_BYTES,
                CorpusOptions.DEFAULT_SPLIT_BYTES,
                List.of("url", "domain"));
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> TokenizeJob.run(
                        spark, options(missing, dir.resolve("out-missing").toString(), false)));
        assertTrue(
                e.getMessage().contains("no column \"domain\"")
                        && e.getMessage().contains("language_score"),
                e.getMessage());

        CorpusOptions own = missing.keeping(List.of("ids"));
        e = assertThrows(
                IllegalArgumentException.class,
                () -> TokenizeJob.run(spark, options(own, dir.resolve("out-own").toString(), false)));
        assertTrue(
                e.getMessage().startsWith("--keep-columns: \"ids\" is a column of the output's own"), e.getMessage());
    }

    @Test
    void textInputHasNoColumnsToKeep() throws IOException {
        Path text = dir.resolve("lines/a.txt");
        Files.createDirectories(text.getParent());
        Files.writeString(text, "one line\n");
        CorpusOptions corpus = new CorpusOptions(
                List.of(text.toString()),
                InputFormat.TEXT,
                "text",
                null,
                CorpusOptions.DEFAULT_MAX_RECORD_BYTES,
                CorpusOptions.DEFAULT_SPLIT_BYTES,
                List.of("url"));
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> TokenizeJob.run(
                        spark, options(corpus, dir.resolve("out-text").toString(), false)));
        assertTrue(e.getMessage().contains("text input has no columns"), e.getMessage());
    }

    /** JSON Lines with metadata fields of every JSON kind; the third line lacks "url". */
    private static Path jsonlInput() throws IOException {
        Path file = dir.resolve("jsonl/meta.jsonl");
        if (!Files.exists(file)) {
            Files.createDirectories(file.getParent());
            StringBuilder lines = new StringBuilder();
            for (int i = 0; i < 5; i++) {
                String url = i == 2 ? "" : "\"url\": \"https://example.org/" + i + "\", ";
                lines.append("{\"id\": ")
                        .append(i)
                        .append(", ")
                        .append(url)
                        .append("\"score\": ")
                        .append(i)
                        .append(".25, \"tags\": [\"a\", ")
                        .append(i)
                        .append("], \"extra\": null, \"text\": ")
                        .append(Golden.JSON.writeValueAsString(golden.get(i).text()))
                        .append("}\n");
            }
            Files.writeString(file, lines.toString(), StandardCharsets.UTF_8);
        }
        return file;
    }

    @Test
    void jsonFieldsAreKeptAsStringsAndARecordWithoutOneIsABadRecord() throws IOException {
        String out = dir.resolve("out-jsonl").toString();
        CorpusOptions corpus = new CorpusOptions(
                List.of(jsonlInput().toString()),
                InputFormat.JSONL,
                "text",
                "id",
                CorpusOptions.DEFAULT_MAX_RECORD_BYTES,
                CorpusOptions.DEFAULT_SPLIT_BYTES,
                List.of("url", "score", "tags", "extra"));
        TokenizeSummary summary = TokenizeJob.run(spark, options(corpus, out, true));
        assertEquals(5, summary.recordsRead());
        assertEquals(4, summary.documents());
        assertEquals(1, summary.quarantined());
        StructType written = spark.read().parquet(out).schema();
        for (String column : List.of("url", "score", "tags", "extra")) {
            assertEquals(DataTypes.StringType, written.apply(column).dataType(), column);
        }
        Map<String, Row> rows = rowsById(out);
        assertEquals(4, rows.size());
        Row one = rows.get("1");
        assertArrayEquals(golden.get(1).plus40k(), ids(one));
        assertEquals("https://example.org/1", one.getAs("url"));
        assertEquals("1.25", one.getAs("score"));
        assertEquals("[\"a\",1]", one.getAs("tags"));
        assertNull(one.getAs("extra"));
        Row bad = spark.read().parquet(out + "/" + Quarantine.FOLDER).first();
        assertEquals("no field \"url\" (named by --keep-columns)", bad.getString(2));

        Exception e = assertThrows(
                Exception.class,
                () -> TokenizeJob.run(
                        spark, options(corpus, dir.resolve("out-jsonl-stop").toString(), false)));
        String message = MainAccess.explain(e);
        assertTrue(
                message.startsWith("meta.jsonl, record at byte ")
                        && message.contains(": no field \"url\" (named by --keep-columns)"),
                message);
    }

    /** Pages as Common Crawl has them: several scripts, a record without language, a metadata record between. */
    private static final List<WetFiles.Page> PAGES = List.of(
            WetFiles.Page.of(
                    "<urn:uuid:6a1e0d62-0001-4c5e-9a1b-000000000001>",
                    "https://example.fr/a",
                    "fra",
                    "Le député a présenté le rapport.\nIl fut adopté à l'unanimité."),
            WetFiles.Page.of(
                    "<urn:uuid:6a1e0d62-0002-4c5e-9a1b-000000000002>",
                    "https://example.cn/b",
                    "zho,eng",
                    "欧洲议会通过了这项决议。 Parliament adopted it 🎉"),
            WetFiles.Page.metadataRecord("https://example.cn/b"),
            WetFiles.Page.of(
                    "<urn:uuid:6a1e0d62-0003-4c5e-9a1b-000000000003>",
                    "https://example.de/c",
                    null,
                    "Straße, Größe, Übung: e\u0301 (decomposed)"),
            WetFiles.Page.of(
                    "<urn:uuid:6a1e0d62-0004-4c5e-9a1b-000000000004>",
                    "https://example.org/d",
                    "eng",
                    golden().get(0).text()));

    private static List<Golden.Line> golden() {
        return Golden.europarl();
    }

    private static CorpusOptions wet(Path input, List<String> keep) {
        return new CorpusOptions(
                List.of(input.toString()),
                null,
                "text",
                null,
                CorpusOptions.DEFAULT_MAX_RECORD_BYTES,
                CorpusOptions.DEFAULT_SPLIT_BYTES,
                keep);
    }

    @Test
    void wetConversionRecordsAreDocumentsWithTheirIdUrlAndLanguage() throws IOException {
        for (String name : List.of("crawl.warc.wet.gz", "crawl.warc.wet")) {
            Path file = WetFiles.write(dir.resolve("wet-" + name.length() + "/" + name), PAGES);
            String out = dir.resolve("out-" + name).toString();
            TokenizeSummary summary = TokenizeJob.run(spark, options(wet(file, List.of()), out, false));
            assertEquals(4, summary.recordsRead(), name + ": the metadata and warcinfo records are no documents");
            assertEquals(4, summary.documents());
            assertEquals(
                    List.of("doc_id", "ids", "num_bytes", "num_tokens", "url", "language"),
                    List.of(spark.read().parquet(out).schema().fieldNames()));
            Map<String, Row> rows = rowsById(out);
            for (WetFiles.Page page : PAGES) {
                if (page.metadata()) {
                    continue;
                }
                Row row = rows.get(page.id());
                assertArrayEquals(tokenizer.encode(page.text()), ids(row), name + " " + page.id());
                assertEquals(page.url(), row.getAs("url"));
                assertEquals(page.language(), row.getAs("language"));
            }
        }
    }

    @Test
    void wetIdsAreRecordIdsSoAnIdFieldIsRefused() throws IOException {
        Path file = WetFiles.write(dir.resolve("wet-idfield/crawl.warc.wet.gz"), PAGES);
        CorpusOptions corpus = new CorpusOptions(
                List.of(file.toString()),
                null,
                "text",
                "id",
                CorpusOptions.DEFAULT_MAX_RECORD_BYTES,
                CorpusOptions.DEFAULT_SPLIT_BYTES);
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> TokenizeJob.run(
                        spark, options(corpus, dir.resolve("out-idfield").toString(), false)));
        assertTrue(e.getMessage().startsWith("--id-field: a WET document's id is its WARC-Record-ID"), e.getMessage());
    }

    @Test
    void anyWarcHeaderCanBeKeptAndWetDocumentsPack() throws IOException {
        Path file = WetFiles.write(dir.resolve("wet-pack/crawl.warc.wet.gz"), PAGES);
        String out = dir.resolve("out-wet-pack").toString();
        TokenizeSummary summary = TokenizeJob.run(
                spark,
                new TokenizeOptions(
                        MODEL,
                        wet(file, List.of("url", "WARC-Date", "Content-Length")),
                        out,
                        -1,
                        0,
                        false,
                        false,
                        false,
                        false,
                        new PackOptions(64, 2, PackFormat.PARQUET)));
        Row row = rowsById(out).get(PAGES.get(0).id());
        assertTrue(row.<String>getAs("WARC-Date").matches("\\d{4}-\\d\\d-\\d\\dT.*Z"), row.toString());
        assertEquals(
                String.valueOf(PAGES.get(0).text().getBytes(StandardCharsets.UTF_8).length),
                row.getAs("Content-Length"));
        long tokens = 0;
        for (WetFiles.Page page : PAGES) {
            tokens += page.metadata() ? 0 : tokenizer.encode(page.text()).length + 1; // <eos> after each
        }
        assertEquals(tokens, summary.pack().sequences() * 64 + summary.pack().leftoverTokens());
        assertTrue(summary.pack().sequences() > 0);
    }

    @Test
    void aTruncatedOrCorruptWetFileStopsTheJobNamingFileAndRecord() throws IOException {
        for (String name : List.of("cut.warc.wet.gz", "cut.warc.wet")) {
            Path whole = WetFiles.write(dir.resolve("wet-whole/" + name), PAGES);
            byte[] bytes = Files.readAllBytes(whole);
            Path cut = dir.resolve("wet-cut-" + name.length() + "/" + name);
            Files.createDirectories(cut.getParent());
            Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length - 40));
            Exception e = assertThrows(
                    Exception.class,
                    () -> TokenizeJob.run(
                            spark,
                            options(
                                    wet(cut, List.of()),
                                    dir.resolve("out-" + name).toString(),
                                    true)));
            String message = MainAccess.explain(e);
            assertTrue(
                    message.startsWith(name + ": cannot read after the record at byte ")
                            && message.endsWith("(a truncated or corrupt file?)"),
                    message);
        }
        // a Content-Length three bytes short: the record would end inside its content
        Path plain = WetFiles.write(dir.resolve("wet-length/wrong.warc.wet"), PAGES);
        String file = Files.readString(plain, StandardCharsets.UTF_8);
        String header = "Content-Length: " + PAGES.get(1).text().getBytes(StandardCharsets.UTF_8).length + "\r\n";
        assertTrue(file.contains(header), "the test finds the header it edits");
        Files.writeString(
                plain,
                file.replace(
                        header,
                        "Content-Length: " + (PAGES.get(1).text().getBytes(StandardCharsets.UTF_8).length - 3)
                                + "\r\n"),
                StandardCharsets.UTF_8);
        Exception wrongLength = assertThrows(
                Exception.class,
                () -> TokenizeJob.run(
                        spark,
                        options(wet(plain, List.of()), dir.resolve("out-length").toString(), true)));
        String lengthMessage = MainAccess.explain(wrongLength);
        assertTrue(
                lengthMessage.startsWith("wrong.warc.wet: cannot read after the record at byte ")
                        && lengthMessage.contains("Content-Length"),
                lengthMessage);

        Path notWarc = dir.resolve("wet-garbage/page.warc.wet");
        Files.createDirectories(notWarc.getParent());
        Files.writeString(notWarc, "<html>this is no WARC file</html>\n");
        Exception e = assertThrows(
                Exception.class,
                () -> TokenizeJob.run(
                        spark,
                        options(
                                wet(notWarc, List.of()),
                                dir.resolve("out-garbage").toString(),
                                true)));
        String message = MainAccess.explain(e);
        assertTrue(message.startsWith("page.warc.wet: ") && message.contains("corrupt"), message);
    }

    @Test
    void aWarcRecordWithoutIdIsABadRecord() throws IOException {
        List<WetFiles.Page> pages = new ArrayList<>(PAGES);
        pages.add(1, WetFiles.Page.of(null, "https://example.org/no-id", "eng", "no id here"));
        Path file = WetFiles.write(dir.resolve("wet-noid/noid.warc.wet.gz"), pages);
        Exception e = assertThrows(
                Exception.class,
                () -> TokenizeJob.run(
                        spark,
                        options(wet(file, List.of()), dir.resolve("out-noid").toString(), false)));
        String message = MainAccess.explain(e);
        assertTrue(
                message.matches("noid\\.warc\\.wet\\.gz, record at byte \\d+: WARC record without a WARC-Record-ID.*"),
                message);

        String out = dir.resolve("out-noid-skip").toString();
        TokenizeSummary summary = TokenizeJob.run(spark, options(wet(file, List.of()), out, true));
        assertEquals(5, summary.recordsRead());
        assertEquals(4, summary.documents());
        assertEquals(1, summary.quarantined());
        Row bad = spark.read().parquet(out + "/" + Quarantine.FOLDER).first();
        assertEquals("noid.warc.wet.gz", bad.getString(0));
    }
}
