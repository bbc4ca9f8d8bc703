package dev.piecemill.jobs.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.piecemill.jobs.cli.Main;
import dev.piecemill.jobs.testing.Golden;
import dev.piecemill.jobs.testing.SparkTestSession;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded jar on a real Spark standalone cluster ({@link StandaloneCluster}): a master, one
 * worker and its executor, and the driver, each in a JVM of its own. The tokenize job's Parquet
 * must equal local mode's and hold the reference's ids; a collapse run's metrics must equal local
 * mode's. Catches serialization, classpath and packaging faults that local mode hides. The
 * temporary folder, with every log, is kept when a test fails; assertion messages carry their tails.
 */
class JobsOnClusterIT {
    private static final int DOCS = 300;

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    static Path dir;

    private static StandaloneCluster cluster;
    private static List<Golden.Line> golden;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = StandaloneCluster.start(dir, 1);
        golden = Golden.europarl();
        assertEquals(DOCS, golden.size(), "golden lines");
        writeInput();
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** The 300 golden documents in three files, the middle one gzip, each line with an "id". */
    private static void writeInput() throws IOException {
        Path input = Files.createDirectories(dir.resolve("input"));
        String[] names = {"a.jsonl", "b.jsonl.gz", "c.jsonl"};
        int per = DOCS / names.length;
        for (int f = 0; f < names.length; f++) {
            StringBuilder lines = new StringBuilder();
            for (int i = f * per; i < (f + 1) * per; i++) {
                lines.append("{\"id\": \"doc-")
                        .append(i)
                        .append("\", \"text\": ")
                        .append(Golden.JSON.writeValueAsString(golden.get(i).text()))
                        .append("}\n");
            }
            byte[] bytes = lines.toString().getBytes(StandardCharsets.UTF_8);
            try (OutputStream out = names[f].endsWith(".gz")
                    ? new GZIPOutputStream(Files.newOutputStream(input.resolve(names[f])))
                    : Files.newOutputStream(input.resolve(names[f]))) {
                out.write(bytes);
            }
        }
    }

    /**
     * The job's arguments. Small --split-bytes: the uncompressed files are read in several
     * ranges, so the executor runs several tasks and split boundaries are crossed.
     */
    private static List<String> tokenizeArgs(String output) {
        return List.of(
                "tokenize",
                "--model",
                Golden.model("plus.40k").toString(),
                "--input",
                dir.resolve("input").toString(),
                "--id-field",
                "id",
                "--split-bytes",
                "8192",
                "--output",
                output);
    }

    @Test
    void theClusterWritesWhatLocalModeWritesAndTheReferenceIds() throws Exception {
        Path clusterOut = dir.resolve("out-cluster");
        String driverLog = cluster.submit("driver.log", List.of(), tokenizeArgs(clusterOut.toString()));
        assertTrue(driverLog.contains(DOCS + " documents written"), "the summary line" + cluster.logs());
        JsonNode app = cluster.lastCompletedApp();
        assertEquals("FINISHED", app.path("state").asText(), "the application's state: " + app);

        // In local mode, in this JVM.
        Path localOut = dir.resolve("out-local");
        List<String> local = new ArrayList<>(tokenizeArgs(localOut.toString()));
        local.addAll(List.of(
                "--master",
                "local[2]",
                "--conf",
                "spark.ui.enabled=false",
                "--conf",
                "spark.ui.showConsoleProgress=false"));
        long localStarted = System.nanoTime();
        assertEquals(0, Main.execute(local.toArray(String[]::new)), "the local run's exit code");
        System.out.printf("local run: %.1f s%n", (System.nanoTime() - localStarted) / 1e9);

        for (Path out : List.of(clusterOut, localOut)) {
            JsonNode summary = Golden.JSON.readTree(out.resolve("_summary.json").toFile());
            assertEquals(DOCS, summary.path("documents").asLong(), out + "/_summary.json: " + summary);
            assertEquals(DOCS, summary.path("records_read").asLong(), out + "/_summary.json: " + summary);
            assertEquals(3, summary.path("input_files").asInt(), out + "/_summary.json: " + summary);
        }

        SparkSession spark = SparkTestSession.start();
        try {
            Map<String, Doc> onCluster = docs(spark, clusterOut);
            Map<String, Doc> inLocalMode = docs(spark, localOut);
            assertEquals(DOCS, onCluster.size(), "documents on the cluster");
            assertEquals(inLocalMode.keySet(), onCluster.keySet(), "doc ids: cluster vs local");
            for (int i = 0; i < DOCS; i++) {
                String id = "doc-" + i;
                Doc cluster = onCluster.get(id);
                Doc inLocal = inLocalMode.get(id);
                assertNotNull(cluster, id + " on the cluster");
                assertArrayEquals(golden.get(i).plus40k(), cluster.ids(), id + ": the reference's ids");
                assertArrayEquals(inLocal.ids(), cluster.ids(), id + ": cluster ids equal local mode's");
                assertEquals(inLocal.numBytes(), cluster.numBytes(), id + ": num_bytes");
                assertEquals(inLocal.numTokens(), cluster.numTokens(), id + ": num_tokens");
                assertEquals(cluster.ids().length, cluster.numTokens(), id + ": num_tokens counts the ids");
            }
        } finally {
            spark.stop();
        }
    }

    private record Doc(int[] ids, long numBytes, int numTokens) {}

    /** An output's rows by doc id; a doc id twice fails. */
    private static Map<String, Doc> docs(SparkSession spark, Path output) {
        Map<String, Doc> docs = new TreeMap<>();
        List<Row> rows = spark.read().parquet(output.toString()).collectAsList();
        for (Row row : rows) {
            List<Integer> ids = row.getList(row.fieldIndex("ids"));
            Doc doc = new Doc(
                    ids.stream().mapToInt(Integer::intValue).toArray(),
                    row.getLong(row.fieldIndex("num_bytes")),
                    row.getInt(row.fieldIndex("num_tokens")));
            String id = row.getString(row.fieldIndex("doc_id"));
            if (docs.put(id, doc) != null) {
                fail(output + ": doc id " + id + " twice");
            }
        }
        assertEquals(rows.size(), docs.size(), output + ": rows");
        return docs;
    }

    /**
     * A collapse run with fresh data (the real pool, sampling waves, broadcast models and
     * tokenizers, the metrics' shuffles) on the cluster gives the metrics of local mode to the
     * last digit: every random choice is keyed by document, none by executor or partition.
     */
    @Test
    void aCollapseRunOnTheClusterEqualsLocalMode() throws Exception {
        List<String> args = List.of(
                "collapse",
                "--model",
                Golden.model("plus.40k").toString(),
                "--input",
                dir.resolve("input").toString(),
                "--id-field",
                "id",
                "--split-bytes",
                "8192",
                "--loop",
                "fresh",
                "--real-fraction",
                "0.25",
                "--generations",
                "2",
                "--replicates",
                "2",
                "--tokens-per-generation",
                "3000",
                "--seed",
                "5");
        Path clusterOut = dir.resolve("collapse-cluster");
        List<String> onCluster = new ArrayList<>(args);
        onCluster.addAll(List.of("--output", clusterOut.toString()));
        String driverLog = cluster.submit("collapse-driver.log", List.of(), onCluster);
        assertTrue(
                driverLog.contains("fresh loop, generations 0..2 x 2 replicates"), "the summary line" + cluster.logs());

        Path localOut = dir.resolve("collapse-local");
        List<String> local = new ArrayList<>(args);
        local.addAll(List.of(
                "--output",
                localOut.toString(),
                "--master",
                "local[2]",
                "--conf",
                "spark.ui.enabled=false",
                "--conf",
                "spark.ui.showConsoleProgress=false"));
        assertEquals(0, Main.execute(local.toArray(String[]::new)), "the local run's exit code");
        String metrics = Files.readString(localOut.resolve("metrics.csv"));
        assertEquals(1 + 2 * 3, metrics.split("\n").length, "a header and a row per replicate and generation");
        assertEquals(
                metrics, Files.readString(clusterOut.resolve("metrics.csv")), "cluster metrics equal local mode's");
    }
}
