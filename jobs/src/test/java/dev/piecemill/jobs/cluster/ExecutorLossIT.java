package dev.piecemill.jobs.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.piecemill.jobs.cli.Main;
import dev.piecemill.jobs.testing.Golden;
import dev.piecemill.jobs.testing.SparkTestSession;
import dev.piecemill.jobs.train.TrainJob;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Executor loss on a standalone cluster of two workers: in each job, the executor running a task
 * of a stage well into the job is SIGKILLed ({@link ExecutorKiller}) with tasks in flight, its
 * shuffle files and cached blocks gone with it. Spark retries and recomputes; the job must succeed
 * and write what a run without the fault writes (the reference's ids and models, local mode's
 * metrics), and every count of its summary must be exact: nothing lost, nothing counted twice.
 */
class ExecutorLossIT {
    private static final int DOCS = 300;

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    static Path dir;

    private static StandaloneCluster cluster;
    private static Path killerJar;
    private static List<Golden.Line> golden;
    private static Path europarl;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = StandaloneCluster.start(dir, 2);
        killerJar = killerJar(dir.resolve("killer.jar"));
        golden = Golden.europarl();
        assertEquals(DOCS, golden.size(), "golden lines");
        europarl = Golden.writeEuroparlJsonl(dir.resolve("europarl.jsonl"));
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** The plugin's classes in a jar of their own, for the cluster's classpath only. */
    private static Path killerJar(Path jar) throws IOException {
        Path classes = Path.of(ExecutorKiller.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .getPath());
        String folder = ExecutorKiller.class.getPackageName().replace('.', '/');
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
                var files = Files.list(classes.resolve(folder))) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("ExecutorKiller"))
                    .toList()) {
                out.putNextEntry(new JarEntry(folder + "/" + file.getFileName()));
                Files.copy(file, out);
                out.closeEntry();
            }
        }
        return jar;
    }

    /**
     * Runs the job on the cluster with an executor killed in stage STAGE or later; checks that it
     * was, and returns the driver's log.
     */
    private static String runKillingAnExecutor(String name, int stage, List<String> jobArgs) throws Exception {
        Path marker = dir.resolve(name + ".killed");
        int sigkillsBefore = sigkills(cluster.workerLogs());
        String driverLog = cluster.submit(
                name + "-driver.log",
                List.of(
                        "spark.plugins=" + ExecutorKiller.class.getName(),
                        "spark.jars=" + killerJar,
                        "spark.executor.extraClassPath=" + killerJar,
                        ExecutorKiller.STAGE + "=" + stage,
                        ExecutorKiller.MARKER + "=" + marker),
                jobArgs);
        assertTrue(
                Files.exists(marker),
                name + ": no task of stage " + stage + " or later ran on partition 1 or "
                        + "more, so no executor was killed: lower the stage" + cluster.logs());
        String killed = Files.readString(marker).trim();
        // counted, not cut at the old length: the workers' logs are concatenated and each one grows
        assertEquals(
                sigkillsBefore + 1,
                sigkills(cluster.workerLogs()),
                name + ": a worker saw its executor die of SIGKILL (" + killed + ")" + cluster.logs());
        System.out.println(name + ": an executor was SIGKILLed at " + killed);
        return driverLog;
    }

    private static int sigkills(String workerLogs) {
        return workerLogs.split("exitStatus 137", -1).length - 1;
    }

    @Test
    void tokenizeLosingAnExecutorWritesTheReferenceIdsAndExactCounts() throws Exception {
        Path output = dir.resolve("tokens");
        runKillingAnExecutor(
                "tokenize",
                0,
                List.of(
                        "tokenize",
                        "--model",
                        Golden.model("plus.40k").toString(),
                        "--input",
                        europarl.toString(),
                        "--split-bytes",
                        "8192",
                        "--output",
                        output.toString()));

        SparkSession spark = SparkTestSession.start();
        try {
            List<Row> rows = spark.read().parquet(output.toString()).collectAsList();
            assertEquals(DOCS, rows.size(), "every document once");
            Map<Long, Row> byOffset = new HashMap<>();
            long bytes = 0;
            long tokens = 0;
            for (Row row : rows) {
                bytes += row.getLong(row.fieldIndex("num_bytes"));
                tokens += row.getInt(row.fieldIndex("num_tokens"));
                byOffset.put(offset(row.getString(row.fieldIndex("doc_id"))), row);
            }
            assertEquals(DOCS, byOffset.size(), "distinct documents");
            long offset = 0;
            for (Golden.Line line : golden) {
                Row row = byOffset.get(offset);
                assertNotNull(row, "the document at byte " + offset);
                List<Integer> ids = row.getList(row.fieldIndex("ids"));
                assertArrayEquals(
                        line.plus40k(),
                        ids.stream().mapToInt(Integer::intValue).toArray(),
                        "the reference's ids at byte " + offset);
                offset += ("{\"text\": " + Golden.JSON.writeValueAsString(line.text()) + "}\n")
                        .getBytes(StandardCharsets.UTF_8)
                        .length;
            }
            JsonNode summary =
                    Golden.JSON.readTree(output.resolve("_summary.json").toFile());
            assertEquals(DOCS, summary.path("records_read").asLong(), summary.toString());
            assertEquals(DOCS, summary.path("documents").asLong(), summary.toString());
            assertEquals(0, summary.path("quarantined").asLong(), summary.toString());
            assertEquals(bytes, summary.path("bytes").asLong(), "bytes counted = bytes written: " + summary);
            assertEquals(tokens, summary.path("tokens").asLong(), "tokens counted = tokens written: " + summary);
        } finally {
            spark.stop();
        }
    }

    /** The byte offset in a doc id FILE:OFFSET. */
    private static long offset(String docId) {
        return Long.parseLong(docId.substring(docId.lastIndexOf(':') + 1));
    }

    @Test
    void trainLosingAnExecutorWritesTheReferenceModelsAndExactCounts() throws Exception {
        Path corpus = Golden.writeTrainingCorpus(dir.resolve("train-corpus.jsonl"));
        Path output = dir.resolve("vocab");
        runKillingAnExecutor(
                "train",
                2,
                List.of(
                        "train",
                        "--input",
                        corpus.toString(),
                        "--split-bytes",
                        "" + (Files.size(corpus) / 8 + 1),
                        "--vocab-size",
                        "8000,4000",
                        "--output",
                        output.toString()));

        for (int size : new int[] {8000, 4000}) {
            byte[] expected = Files.readAllBytes(Golden.resource("golden/train-europarl-0-4000.model." + size));
            assertArrayEquals(
                    expected,
                    Files.readAllBytes(Path.of(TrainJob.modelPath(output.toString(), size))),
                    "model-" + size + ".json equals the reference's file");
        }
        JsonNode summary =
                Golden.JSON.readTree(output.resolve(TrainJob.SUMMARY_FILE).toFile());
        assertEquals(4000, summary.path("records_read").asLong(), summary.toString());
        assertEquals(4000, summary.path("documents").asLong(), summary.toString());
        assertEquals(0, summary.path("quarantined").asLong(), summary.toString());
        assertEquals(4_377_724, summary.path("bytes").asLong(), summary.toString());
    }

    @Test
    void collapseLosingAnExecutorWritesLocalModesMetrics() throws Exception {
        List<String> args = List.of(
                "collapse",
                "--model",
                Golden.model("plus.40k").toString(),
                "--input",
                europarl.toString(),
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
        runKillingAnExecutor("collapse", 8, onCluster);

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
        assertEquals(
                Files.readString(localOut.resolve("metrics.csv")),
                Files.readString(clusterOut.resolve("metrics.csv")),
                "metrics with a lost executor equal local mode's");
        assertEquals(
                counts(localOut.resolve("summary.json")),
                counts(clusterOut.resolve("summary.json")),
                "the summary's counts");
    }

    /** A summary without what differs between runs by nature: times, speeds and paths in the output. */
    private static JsonNode counts(Path summary) throws IOException {
        ObjectNode json = (ObjectNode) Golden.JSON.readTree(summary.toFile());
        List<String> varying = new ArrayList<>();
        json.fieldNames().forEachRemaining(name -> {
            if (name.contains("second") || name.equals("output") || name.equals("report")) {
                varying.add(name);
            }
        });
        json.remove(varying);
        return json;
    }
}
