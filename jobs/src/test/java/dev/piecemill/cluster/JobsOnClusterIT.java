package dev.piecemill.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.piecemill.cli.Main;
import dev.piecemill.testing.Golden;
import dev.piecemill.testing.SparkTestSession;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded jar on a real Spark standalone cluster: a master, one worker and its executor, and
 * the driver, each in a JVM of its own on 127.0.0.1, the jar submitted with SparkSubmit as a user
 * would. The tokenize job's Parquet must equal local mode's and hold the reference's ids; a
 * collapse run's metrics must equal local mode's. Catches serialization, classpath and packaging
 * faults that local mode hides.
 *
 * <p>SPARK_HOME is shaped like a distribution: {@code jars/} links every jar of this JVM's
 * classpath except ours (piecemill-*) and those the shaded jar bundles (picocli, fastutil) and the
 * test-only ones, so the driver and executor find our code in the submitted jar only, as on a real
 * cluster. Logs (master, worker, driver, executor) stay in the temporary folder, which is kept
 * when the test fails; assertion messages carry their tails.
 */
class JobsOnClusterIT {
    private static final String JAR = System.getProperty("piecemill.jar");
    private static final List<String> JVM_OPTIONS = jvmOptions();
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    /** Jars the shaded jar bundles, or only tests use: kept out of SPARK_HOME/jars. */
    private static final List<String> NOT_SPARKS = List.of("piecemill", "picocli", "fastutil", "junit",
            "opentest4j", "apiguardian", "surefire", "failsafe", "common-java5", "common-junit");
    private static final int DOCS = 300;
    private static final Duration WORKER_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(4);

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    static Path dir;

    private static final List<Process> processes = new CopyOnWriteArrayList<>();
    private static final Thread reaper = new Thread(JobsOnClusterIT::stopAll, "cluster-it-reaper");
    private static Path sparkHome;
    private static Path workDir;
    private static String masterUrl;
    private static int masterUi;
    private static List<Golden.Line> golden;

    private static List<String> jvmOptions() {
        String options = System.getProperty("piecemill.jvm.options", "").trim();
        return options.isEmpty() ? List.of() : List.of(options.split("\\s+"));
    }

    @BeforeAll
    static void startCluster() throws Exception {
        assertNotNull(JAR, "system property piecemill.jar (set by failsafe in jobs/pom.xml)");
        assertTrue(Files.isRegularFile(Path.of(JAR)), "the shaded jar exists: " + JAR);
        assertTrue(JVM_OPTIONS.stream().anyMatch(o -> o.startsWith("--add-opens")),
                "system property piecemill.jvm.options holds the --add-opens flags: " + JVM_OPTIONS);
        Runtime.getRuntime().addShutdownHook(reaper); // should the JVM die before @AfterAll

        sparkHome = distributionFolder();
        workDir = Files.createDirectories(dir.resolve("work"));
        int masterPort = freePort();
        masterUi = freePort();
        masterUrl = "spark://127.0.0.1:" + masterPort;
        // Both start at once: the worker retries its registration until the master is up.
        start("master.log", "-Xmx256m", "org.apache.spark.deploy.master.Master",
                "--host", "127.0.0.1", "--port", "" + masterPort, "--webui-port", "" + masterUi);
        start("worker.log", "-Xmx256m", "org.apache.spark.deploy.worker.Worker", masterUrl,
                "--host", "127.0.0.1", "--cores", "2", "--memory", "1g",
                "--webui-port", "" + freePort(), "--work-dir", workDir.toString());
        golden = Golden.europarl();
        assertEquals(DOCS, golden.size(), "golden lines");
        writeInput();
        awaitWorker();
    }

    @AfterAll
    static void stopCluster() {
        stopAll();
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException | IllegalArgumentException e) {
            // shutting down already, or never registered
        }
    }

    /** Every JVM started here and their children (the worker's executors): TERM, then KILL. */
    private static synchronized void stopAll() {
        List<ProcessHandle> handles = new ArrayList<>();
        for (Process p : processes) {
            p.descendants().forEach(handles::add); // before the parent goes: orphans are no descendants
            handles.add(p.toHandle());
        }
        handles.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (ProcessHandle h : handles) {
            long left = deadline - System.nanoTime();
            try {
                h.onExit().get(Math.max(left, 0), TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                h.destroyForcibly();
            }
        }
        for (ProcessHandle h : handles) {
            try {
                h.onExit().get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                // nothing more to do
            }
        }
        processes.clear();
    }

    /** SPARK_HOME as a distribution lays it out: jars/ with Spark's jars (links). */
    private static Path distributionFolder() throws IOException {
        Path home = dir.resolve("spark-home");
        Path jars = Files.createDirectories(home.resolve("jars"));
        Set<String> names = new HashSet<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (entry.isEmpty()) {
                continue;
            }
            Path jar = Path.of(entry).toAbsolutePath();
            String name = jar.getFileName().toString();
            boolean keptOut = NOT_SPARKS.stream().anyMatch(name::startsWith);
            if (name.endsWith(".jar") && Files.isRegularFile(jar) && !keptOut && names.add(name)) {
                Files.createSymbolicLink(jars.resolve(name), jar);
            }
        }
        assertTrue(names.stream().anyMatch(n -> n.startsWith("spark-core_2.13-")) && names.size() > 100,
                "this JVM's classpath holds Spark (" + names.size() + " jars linked): "
                        + System.getProperty("java.class.path"));
        return home;
    }

    private static String sparkClasspath() {
        return sparkHome.resolve("jars") + File.separator + "*";
    }

    /** A JVM on the Spark classpath, its output in LOG, registered for stopping. */
    private static Process start(String log, String heap, String mainClass, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(JAVA);
        command.add(heap);
        command.addAll(JVM_OPTIONS);
        command.add("-Dspark.ui.showConsoleProgress=false");
        command.add("-cp");
        command.add(sparkClasspath());
        command.add(mainClass);
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve(log).toFile());
        Map<String, String> env = builder.environment();
        for (String inherited : List.of("SPARK_CONF_DIR", "SPARK_DIST_CLASSPATH", "SPARK_TESTING",
                "SPARK_SQL_TESTING", "HADOOP_CONF_DIR", "YARN_CONF_DIR", "SPARK_WORKER_OPTS", "SPARK_MASTER_OPTS",
                "SPARK_DAEMON_JAVA_OPTS", "SPARK_SUBMIT_OPTS")) {
            env.remove(inherited);
        }
        env.put("SPARK_HOME", sparkHome.toString());
        env.put("SPARK_SCALA_VERSION", "2.13");
        env.put("SPARK_LOCAL_IP", "127.0.0.1");
        env.put("SPARK_LOCAL_DIRS", dir.resolve("scratch").toString()); // block manager and shuffle files
        env.put("JAVA_HOME", System.getProperty("java.home")); // executors: the same Java as this JVM
        Process process = builder.start();
        processes.add(process);
        return process;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** The master's state (its web UI's JSON), or null while it is not up. */
    private static JsonNode masterState() {
        try {
            HttpResponse<String> response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()
                    .send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + masterUi + "/json/"))
                                    .timeout(Duration.ofSeconds(5)).build(),
                            HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? Golden.JSON.readTree(response.body()) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static void awaitWorker() throws InterruptedException {
        long deadline = System.nanoTime() + WORKER_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            for (Process p : processes) {
                if (!p.isAlive()) {
                    fail("a cluster JVM exited (" + p.exitValue() + ") before the worker registered"
                            + daemonLogs());
                }
            }
            JsonNode state = masterState();
            if (state != null && state.path("aliveworkers").asInt(0) >= 1) {
                return;
            }
            Thread.sleep(250);
        }
        fail("no worker registered within " + WORKER_TIMEOUT.toSeconds() + " s" + daemonLogs());
    }

    /** The one application the master lists as completed (it may take a moment after the driver's exit). */
    private static JsonNode completedApp() throws InterruptedException {
        JsonNode state = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            state = masterState();
            if (state != null && state.path("completedapps").size() == 1 && state.path("activeapps").isEmpty()) {
                return state.path("completedapps").get(0);
            }
            Thread.sleep(250);
        }
        return fail("the master lists one completed application and no active one: " + state + clusterLogs());
    }

    private static String daemonLogs() {
        return "\n--- master.log ---\n" + tail(dir.resolve("master.log"), 30)
                + "\n--- worker.log ---\n" + tail(dir.resolve("worker.log"), 30) + "\n(logs in " + dir + ")";
    }

    private static String tail(Path log, int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no " + log + ")";
        }
    }

    /** The executors' stderr files the worker wrote: WORK/app-ID/EXECUTOR/stderr. */
    private static List<Path> executorLogs() throws IOException {
        try (Stream<Path> files = Files.walk(workDir, 3)) {
            return files.filter(p -> p.getFileName().toString().equals("stderr")
                            && p.getParent().getParent().getFileName().toString().startsWith("app-"))
                    .sorted().collect(Collectors.toList());
        }
    }

    private static String clusterLogs() {
        StringBuilder s = new StringBuilder("\n--- driver.log ---\n").append(tail(dir.resolve("driver.log"), 60));
        try {
            for (Path log : executorLogs()) {
                s.append("\n--- ").append(dir.relativize(log)).append(" ---\n").append(tail(log, 30));
            }
        } catch (IOException e) {
            s.append("\n(no executor logs: ").append(e).append(')');
        }
        return s.append(daemonLogs()).toString();
    }

    /** The 300 golden documents in three files, the middle one gzip, each line with an "id". */
    private static void writeInput() throws IOException {
        Path input = Files.createDirectories(dir.resolve("input"));
        String[] names = {"a.jsonl", "b.jsonl.gz", "c.jsonl"};
        int per = DOCS / names.length;
        for (int f = 0; f < names.length; f++) {
            StringBuilder lines = new StringBuilder();
            for (int i = f * per; i < (f + 1) * per; i++) {
                lines.append("{\"id\": \"doc-").append(i).append("\", \"text\": ")
                        .append(Golden.JSON.writeValueAsString(golden.get(i).text())).append("}\n");
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
        return List.of("tokenize", "--model", Golden.model("plus.40k").toString(),
                "--input", dir.resolve("input").toString(), "--id-field", "id", "--split-bytes", "8192",
                "--output", output);
    }

    /**
     * Submits the job's arguments to the cluster (the driver in a JVM of its own, client mode, the
     * executor the worker's), waits for it and checks that its tasks ran in an executor JVM;
     * returns the driver's log.
     */
    private static String runOnCluster(String driverLogName, List<String> jobArgs) throws Exception {
        String opens = String.join(" ", JVM_OPTIONS);
        List<String> submit = new ArrayList<>(List.of(
                "org.apache.spark.deploy.SparkSubmit", "--master", masterUrl,
                "--class", "dev.piecemill.cli.Main",
                "--conf", "spark.executor.extraJavaOptions=" + opens,
                "--conf", "spark.driver.extraJavaOptions=" + opens,
                "--conf", "spark.driver.host=127.0.0.1",
                "--conf", "spark.driver.bindAddress=127.0.0.1",
                "--conf", "spark.executor.memory=768m",
                "--conf", "spark.ui.enabled=false",
                JAR));
        submit.addAll(jobArgs);
        long started = System.nanoTime();
        Process driver = start(driverLogName, "-Xmx1g", submit.get(0),
                submit.subList(1, submit.size()).toArray(String[]::new));
        boolean finished = driver.waitFor(JOB_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        if (!finished) {
            driver.descendants().forEach(ProcessHandle::destroyForcibly);
            driver.destroyForcibly();
        }
        assertTrue(finished, "the cluster run ended within " + JOB_TIMEOUT.toSeconds() + " s" + clusterLogs());
        assertEquals(0, driver.exitValue(), "the cluster run's exit code" + clusterLogs());
        System.out.printf("cluster run of %s: %.1f s%n", jobArgs.get(0), (System.nanoTime() - started) / 1e9);
        String driverLog = Files.readString(dir.resolve(driverLogName));

        // The tasks ran in an executor JVM the worker started, not in the driver.
        List<Path> executorLogs = executorLogs();
        assertFalse(executorLogs.isEmpty(), "an executor's log under " + workDir + clusterLogs());
        boolean ranTasks = false;
        for (Path log : executorLogs) {
            ranTasks |= Files.readString(log).contains("Finished task");
        }
        assertTrue(ranTasks, "an executor JVM ran the tasks" + clusterLogs());
        assertFalse(driverLog.contains("Running task"), "no task ran in the driver" + clusterLogs());
        return driverLog;
    }

    @Test
    void theClusterWritesWhatLocalModeWritesAndTheReferenceIds() throws Exception {
        Path clusterOut = dir.resolve("out-cluster");
        String driverLog = runOnCluster("driver.log", tokenizeArgs(clusterOut.toString()));
        assertTrue(driverLog.contains(DOCS + " documents written"), "the summary line" + clusterLogs());
        JsonNode app = completedApp();
        assertEquals("FINISHED", app.path("state").asText(), "the application's state: " + app);

        // In local mode, in this JVM.
        Path localOut = dir.resolve("out-local");
        List<String> local = new ArrayList<>(tokenizeArgs(localOut.toString()));
        local.addAll(List.of("--master", "local[2]", "--conf", "spark.ui.enabled=false",
                "--conf", "spark.ui.showConsoleProgress=false"));
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

    private record Doc(int[] ids, long numBytes, int numTokens) {
    }

    /** An output's rows by doc id; a doc id twice fails. */
    private static Map<String, Doc> docs(SparkSession spark, Path output) {
        Map<String, Doc> docs = new TreeMap<>();
        List<Row> rows = spark.read().parquet(output.toString()).collectAsList();
        for (Row row : rows) {
            List<Integer> ids = row.getList(row.fieldIndex("ids"));
            Doc doc = new Doc(ids.stream().mapToInt(Integer::intValue).toArray(),
                    row.getLong(row.fieldIndex("num_bytes")), row.getInt(row.fieldIndex("num_tokens")));
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
        List<String> args = List.of("collapse", "--model", Golden.model("plus.40k").toString(),
                "--input", dir.resolve("input").toString(), "--id-field", "id", "--split-bytes", "8192",
                "--loop", "fresh", "--real-fraction", "0.25", "--generations", "2", "--replicates", "2",
                "--tokens-per-generation", "3000", "--seed", "5");
        Path clusterOut = dir.resolve("collapse-cluster");
        List<String> onCluster = new ArrayList<>(args);
        onCluster.addAll(List.of("--output", clusterOut.toString()));
        String driverLog = runOnCluster("collapse-driver.log", onCluster);
        assertTrue(driverLog.contains("fresh loop, generations 0..2 x 2 replicates"), "the summary line" + clusterLogs());

        Path localOut = dir.resolve("collapse-local");
        List<String> local = new ArrayList<>(args);
        local.addAll(List.of("--output", localOut.toString(), "--master", "local[2]", "--conf", "spark.ui.enabled=false",
                "--conf", "spark.ui.showConsoleProgress=false"));
        assertEquals(0, Main.execute(local.toArray(String[]::new)), "the local run's exit code");
        String metrics = Files.readString(localOut.resolve("metrics.csv"));
        assertEquals(1 + 2 * 3, metrics.split("\n").length, "a header and a row per replicate and generation");
        assertEquals(metrics, Files.readString(clusterOut.resolve("metrics.csv")), "cluster metrics equal local mode's");
    }
}
