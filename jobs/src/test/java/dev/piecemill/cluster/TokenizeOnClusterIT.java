package dev.piecemill.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.piecemill.cli.Main;
import dev.piecemill.testing.Golden;
import dev.piecemill.testing.SparkTestSession;
import java.io.File;
import java.io.IOException;
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
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded jar on a real Spark standalone cluster: a master, a worker and its executor, and the
 * driver, each in a JVM of its own on 127.0.0.1, the jar submitted with SparkSubmit as a user
 * would. Its Parquet must equal local mode's and the reference's ids. Catches serialization,
 * classpath and packaging faults that local mode hides.
 */
class TokenizeOnClusterIT {
    private static final String JAR = System.getProperty("piecemill.jar");
    private static final List<String> JVM_OPTIONS = List.of(System.getProperty("piecemill.jvm.options").split(" "));
    private static final String MODEL = Golden.model("plus.40k").toString();

    @TempDir
    static Path dir;
    private static final List<Process> daemons = new ArrayList<>();
    private static String masterUrl;
    private static int masterUi;
    private static List<Golden.Line> golden;

    @BeforeAll
    static void startCluster() throws Exception {
        golden = Golden.europarl();
        Path sparkHome = distributionFolder();
        int port = freePort();
        masterUi = freePort();
        masterUrl = "spark://127.0.0.1:" + port;
        daemons.add(start(sparkHome, "master.log", "org.apache.spark.deploy.master.Master",
                "--host", "127.0.0.1", "--port", "" + port, "--webui-port", "" + masterUi));
        daemons.add(start(sparkHome, "worker.log", "org.apache.spark.deploy.worker.Worker", masterUrl,
                "--host", "127.0.0.1", "--cores", "2", "--memory", "1g", "--webui-port", "" + freePort(),
                "--work-dir", dir.resolve("work").toString()));
        awaitWorker();
        writeInput();
    }

    @AfterAll
    static void stopCluster() {
        for (Process p : daemons) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }

    /**
     * SPARK_HOME as a distribution lays it out: jars/ with Spark's jars, from which workers
     * build executor command lines. Ours (and what the shaded jar bundles) stay out, so the
     * executors get them from the submitted jar only.
     */
    private static Path distributionFolder() throws IOException {
        Path jars = Files.createDirectories(dir.resolve("spark-home/jars"));
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path jar = Path.of(entry);
            String name = jar.getFileName().toString();
            boolean ours = name.startsWith("piecemill") || name.startsWith("picocli") || name.startsWith("fastutil");
            boolean testOnly = name.startsWith("junit") || name.startsWith("opentest4j") || name.startsWith("apiguardian");
            if (name.endsWith(".jar") && Files.isRegularFile(jar) && !ours && !testOnly
                    && !Files.exists(jars.resolve(name))) {
                Files.createSymbolicLink(jars.resolve(name), jar.toAbsolutePath());
            }
        }
        return jars.getParent();
    }

    private static String sparkClasspath(Path sparkHome) {
        return sparkHome.resolve("jars").toString() + File.separator + "*";
    }

    private static Process start(Path sparkHome, String log, String mainClass, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx512m");
        command.addAll(JVM_OPTIONS);
        command.add("-cp");
        command.add(sparkClasspath(sparkHome));
        command.add(mainClass);
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve(log).toFile());
        Map<String, String> env = builder.environment();
        env.put("SPARK_HOME", sparkHome.toString());
        env.put("SPARK_SCALA_VERSION", "2.13");
        env.put("SPARK_LOCAL_IP", "127.0.0.1");
        env.remove("SPARK_TESTING");
        return builder.start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String masterState() {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + masterUi + "/json/"))
                            .timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.body();
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private static void awaitWorker() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            if (masterState().replace(" ", "").contains("\"aliveworkers\":1")) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no worker registered in 90 s; master log:\n" + tail("master.log")
                + "\nworker log:\n" + tail("worker.log"));
    }

    private static String tail(String log) {
        try {
            List<String> lines = Files.readAllLines(dir.resolve(log), StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no " + log + ")";
        }
    }

    /** The 300 golden documents in three files, one of them gzip. */
    private static void writeInput() throws IOException {
        Path input = Files.createDirectories(dir.resolve("input"));
        for (int f = 0; f < 3; f++) {
            StringBuilder lines = new StringBuilder();
            for (int i = f * 100; i < (f + 1) * 100; i++) {
                lines.append("{\"id\": \"doc-").append(i).append("\", \"text\": ")
                        .append(Golden.JSON.writeValueAsString(golden.get(i).text())).append("}\n");
            }
            byte[] bytes = lines.toString().getBytes(StandardCharsets.UTF_8);
            if (f == 1) {
                try (GZIPOutputStream out = new GZIPOutputStream(Files.newOutputStream(input.resolve("b.jsonl.gz")))) {
                    out.write(bytes);
                }
            } else {
                Files.write(input.resolve((f == 0 ? "a" : "c") + ".jsonl"), bytes);
            }
        }
    }

    private static List<String> tokenizeArgs(String output) {
        return List.of("tokenize", "--model", MODEL, "--input", dir.resolve("input").toString(),
                "--id-field", "id", "--output", output);
    }

    @Test
    void theClusterWritesWhatLocalModeWritesAndTheReferenceIds() throws Exception {
        String clusterOut = dir.resolve("out-cluster").toString();
        List<String> submit = new ArrayList<>();
        submit.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        submit.add("-Xmx512m");
        submit.addAll(JVM_OPTIONS);
        submit.addAll(List.of("-cp", sparkClasspath(dir.resolve("spark-home")),
                "org.apache.spark.deploy.SparkSubmit", "--master", masterUrl,
                "--class", "dev.piecemill.cli.Main",
                "--conf", "spark.executor.extraJavaOptions=" + String.join(" ", JVM_OPTIONS),
                "--conf", "spark.driver.host=127.0.0.1",
                "--conf", "spark.executor.memory=512m",
                "--conf", "spark.ui.enabled=false",
                JAR));
        submit.addAll(tokenizeArgs(clusterOut));
        ProcessBuilder builder = new ProcessBuilder(submit).redirectErrorStream(true)
                .redirectOutput(dir.resolve("driver.log").toFile());
        builder.environment().put("SPARK_HOME", dir.resolve("spark-home").toString());
        builder.environment().put("SPARK_SCALA_VERSION", "2.13");
        builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        Process driver = builder.start();
        daemons.add(driver);
        boolean finished = driver.waitFor(240, TimeUnit.SECONDS);
        assertTrue(finished, "the cluster run ended within 240 s; driver log:\n" + tail("driver.log"));
        assertEquals(0, driver.exitValue(), "driver log:\n" + tail("driver.log"));
        assertTrue(tail("driver.log").contains("300 documents written"), tail("driver.log"));

        // The executor ran in a JVM of its own, started by the worker.
        try (Stream<Path> files = Files.walk(dir.resolve("work"))) {
            assertTrue(files.anyMatch(p -> p.getFileName().toString().equals("stderr")),
                    "the worker's work folder holds an executor's log");
        }

        String localOut = dir.resolve("out-local").toString();
        List<String> local = new ArrayList<>(tokenizeArgs(localOut));
        local.addAll(List.of("--master", "local[2]"));
        assertEquals(0, Main.execute(local.toArray(String[]::new)));

        SparkSession spark = SparkTestSession.start();
        try {
            Map<String, int[]> onCluster = idsByDoc(spark, clusterOut);
            Map<String, int[]> inLocalMode = idsByDoc(spark, localOut);
            assertEquals(300, onCluster.size());
            assertEquals(inLocalMode.keySet(), onCluster.keySet());
            for (int i = 0; i < golden.size(); i++) {
                String doc = "doc-" + i;
                assertArrayEquals(inLocalMode.get(doc), onCluster.get(doc), doc + ": cluster equals local");
                assertArrayEquals(golden.get(i).plus40k(), onCluster.get(doc), doc + ": the reference's ids");
            }
        } finally {
            spark.stop();
        }
    }

    private static Map<String, int[]> idsByDoc(SparkSession spark, String output) {
        Map<String, int[]> ids = new TreeMap<>();
        for (Row row : spark.read().parquet(output).collectAsList()) {
            List<Integer> list = row.getList(row.fieldIndex("ids"));
            ids.put(row.getString(row.fieldIndex("doc_id")), list.stream().mapToInt(Integer::intValue).toArray());
        }
        return ids;
    }
}
