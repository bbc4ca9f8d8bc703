package dev.piecemill.jobs.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.piecemill.jobs.testing.Golden;
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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A real Spark standalone cluster on 127.0.0.1 for a test class: a master and its workers, each
 * in a JVM of its own, and drivers submitted with SparkSubmit as a user would, against the
 * shaded jar.
 *
 * <p>SPARK_HOME is shaped like a distribution: {@code jars/} links every jar of this JVM's
 * classpath except ours (piecemill-*) and those the shaded jar bundles (picocli, fastutil) and the
 * test-only ones, so drivers and executors find our code in the submitted jar only, as on a real
 * cluster. Logs (master, workers, drivers, executors) stay in the test's folder; assertion
 * messages carry their tails.
 */
final class StandaloneCluster implements AutoCloseable {
    static final String JAR = System.getProperty("piecemill.jar");
    static final List<String> JVM_OPTIONS = jvmOptions();
    private static final String JAVA =
            Path.of(System.getProperty("java.home"), "bin", "java").toString();
    /** Jars the shaded jar bundles, or only tests use: kept out of SPARK_HOME/jars. */
    private static final List<String> NOT_SPARKS = List.of(
            "piecemill",
            "picocli",
            "fastutil",
            "junit",
            "opentest4j",
            "apiguardian",
            "surefire",
            "failsafe",
            "common-java5",
            "common-junit");

    private static final Duration WORKER_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(4);

    private final Path dir;
    private final Path sparkHome;
    private final Path workDir;
    private final String masterUrl;
    private final int masterUi;
    private final List<Process> processes = new CopyOnWriteArrayList<>();
    private final Thread reaper = new Thread(this::stopAll, "cluster-reaper");
    private int submitted;

    private static List<String> jvmOptions() {
        String options = System.getProperty("piecemill.jvm.options", "").trim();
        return options.isEmpty() ? List.of() : List.of(options.split("\\s+"));
    }

    /** A master and WORKERS workers of two cores each, all registered when this returns. */
    static StandaloneCluster start(Path dir, int workers) throws Exception {
        assertNotNull(JAR, "system property piecemill.jar (set by failsafe in jobs/pom.xml)");
        assertTrue(Files.isRegularFile(Path.of(JAR)), "the shaded jar exists: " + JAR);
        assertTrue(
                JVM_OPTIONS.stream().anyMatch(o -> o.startsWith("--add-opens")),
                "system property piecemill.jvm.options holds the --add-opens flags: " + JVM_OPTIONS);
        StandaloneCluster cluster = new StandaloneCluster(dir);
        try {
            cluster.launch(workers);
        } catch (Throwable t) {
            cluster.close();
            throw t;
        }
        return cluster;
    }

    private StandaloneCluster(Path dir) throws IOException {
        this.dir = dir;
        this.sparkHome = distributionFolder(dir);
        this.workDir = Files.createDirectories(dir.resolve("work"));
        this.masterUrl = "spark://127.0.0.1:" + freePort();
        this.masterUi = freePort();
        Runtime.getRuntime().addShutdownHook(reaper); // should the JVM die before close()
    }

    private void launch(int workers) throws Exception {
        // All start at once: a worker retries its registration until the master is up.
        start(
                "master.log",
                "-Xmx256m",
                "org.apache.spark.deploy.master.Master",
                "--host",
                "127.0.0.1",
                "--port",
                masterUrl.substring(masterUrl.lastIndexOf(':') + 1),
                "--webui-port",
                "" + masterUi);
        for (int w = 0; w < workers; w++) {
            start(
                    workerLog(w),
                    "-Xmx256m",
                    "org.apache.spark.deploy.worker.Worker",
                    masterUrl,
                    "--host",
                    "127.0.0.1",
                    "--cores",
                    "2",
                    "--memory",
                    "1g",
                    "--webui-port",
                    "" + freePort(),
                    "--work-dir",
                    workDir.resolve("worker-" + w).toString());
        }
        awaitWorkers(workers);
    }

    private static String workerLog(int worker) {
        return "worker-" + worker + ".log";
    }

    Path dir() {
        return dir;
    }

    @Override
    public void close() {
        stopAll();
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException | IllegalArgumentException e) {
            // shutting down already, or never registered
        }
    }

    /** Every JVM started here and their children (the workers' executors): TERM, then KILL. */
    private synchronized void stopAll() {
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
    private static Path distributionFolder(Path dir) throws IOException {
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
        assertTrue(
                names.stream().anyMatch(n -> n.startsWith("spark-core_2.13-")) && names.size() > 100,
                "this JVM's classpath holds Spark (" + names.size() + " jars linked): "
                        + System.getProperty("java.class.path"));
        return home;
    }

    /** A JVM on the Spark classpath, its output in LOG, registered for stopping. */
    private Process start(String log, String heap, String mainClass, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(JAVA);
        command.add(heap);
        command.addAll(JVM_OPTIONS);
        command.add("-Dspark.ui.showConsoleProgress=false");
        command.add("-cp");
        command.add(sparkHome.resolve("jars") + File.separator + "*");
        command.add(mainClass);
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve(log).toFile());
        Map<String, String> env = builder.environment();
        for (String inherited : List.of(
                "SPARK_CONF_DIR",
                "SPARK_DIST_CLASSPATH",
                "SPARK_TESTING",
                "SPARK_SQL_TESTING",
                "HADOOP_CONF_DIR",
                "YARN_CONF_DIR",
                "SPARK_WORKER_OPTS",
                "SPARK_MASTER_OPTS",
                "SPARK_DAEMON_JAVA_OPTS",
                "SPARK_SUBMIT_OPTS")) {
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
    private JsonNode masterState() {
        try {
            HttpResponse<String> response = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(2))
                    .build()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + masterUi + "/json/"))
                                    .timeout(Duration.ofSeconds(5))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? Golden.JSON.readTree(response.body()) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private void awaitWorkers(int workers) throws InterruptedException {
        long deadline = System.nanoTime() + WORKER_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            for (Process p : processes) {
                if (!p.isAlive()) {
                    fail("a cluster JVM exited (" + p.exitValue() + ") before the workers registered" + daemonLogs());
                }
            }
            JsonNode state = masterState();
            if (state != null && state.path("aliveworkers").asInt(0) >= workers) {
                return;
            }
            Thread.sleep(250);
        }
        fail(workers + " workers did not register within " + WORKER_TIMEOUT.toSeconds() + " s" + daemonLogs());
    }

    /**
     * The application submitted last, once the master lists it as completed and none as active
     * (it may take a moment after the driver's exit).
     */
    JsonNode lastCompletedApp() throws InterruptedException {
        JsonNode state = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            state = masterState();
            if (state != null
                    && state.path("completedapps").size() == submitted
                    && state.path("activeapps").isEmpty()) {
                JsonNode last = null;
                for (JsonNode app : state.path("completedapps")) {
                    if (last == null
                            || app.path("starttime").asLong()
                                    > last.path("starttime").asLong()) {
                        last = app;
                    }
                }
                return last;
            }
            Thread.sleep(250);
        }
        return fail("the master lists " + submitted + " completed applications and no active one: " + state + logs());
    }

    /** The workers' logs, one string. */
    String workerLogs() throws IOException {
        StringBuilder s = new StringBuilder();
        try (Stream<Path> logs = Files.list(dir)) {
            for (Path log : logs.filter(p -> p.getFileName().toString().startsWith("worker-"))
                    .sorted()
                    .toList()) {
                s.append(Files.readString(log));
            }
        }
        return s.toString();
    }

    private String daemonLogs() {
        StringBuilder s = new StringBuilder("\n--- master.log ---\n").append(tail(dir.resolve("master.log"), 30));
        for (int w = 0; Files.exists(dir.resolve(workerLog(w))); w++) {
            s.append("\n--- ").append(workerLog(w)).append(" ---\n").append(tail(dir.resolve(workerLog(w)), 30));
        }
        return s.append("\n(logs in ").append(dir).append(')').toString();
    }

    private static String tail(Path log, int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no " + log + ")";
        }
    }

    /** The executors' stderr files the workers wrote: WORK/worker-N/app-ID/EXECUTOR/stderr. */
    private List<Path> executorLogs() throws IOException {
        try (Stream<Path> files = Files.walk(workDir, 4)) {
            return files.filter(p -> p.getFileName().toString().equals("stderr")
                            && p.getParent()
                                    .getParent()
                                    .getFileName()
                                    .toString()
                                    .startsWith("app-"))
                    .sorted()
                    .collect(Collectors.toList());
        }
    }

    /** The drivers' and executors' log tails, then the daemons'. */
    String logs() {
        StringBuilder s = new StringBuilder();
        try (Stream<Path> drivers = Files.list(dir)) {
            for (Path log : drivers.filter(p -> p.getFileName().toString().endsWith("driver.log"))
                    .sorted()
                    .toList()) {
                s.append("\n--- ").append(log.getFileName()).append(" ---\n").append(tail(log, 60));
            }
            for (Path log : executorLogs()) {
                s.append("\n--- ").append(dir.relativize(log)).append(" ---\n").append(tail(log, 30));
            }
        } catch (IOException e) {
            s.append("\n(no driver or executor logs: ").append(e).append(')');
        }
        return s.append(daemonLogs()).toString();
    }

    /**
     * Submits the job's arguments to the cluster (the driver in a JVM of its own, client mode, the
     * executors the workers'), with SPARK_CONF (key=value each) on top of the settings every
     * run gets; waits for it and checks that its tasks ran in executor JVMs; returns the driver's
     * log.
     */
    String submit(String driverLogName, List<String> sparkConf, List<String> jobArgs) throws Exception {
        String opens = String.join(" ", JVM_OPTIONS);
        List<String> submit = new ArrayList<>(List.of(
                "--master", masterUrl,
                "--class", "dev.piecemill.jobs.cli.Main",
                "--conf", "spark.executor.extraJavaOptions=" + opens,
                "--conf", "spark.driver.extraJavaOptions=" + opens,
                "--conf", "spark.driver.host=127.0.0.1",
                "--conf", "spark.driver.bindAddress=127.0.0.1",
                "--conf", "spark.executor.memory=768m",
                "--conf", "spark.ui.enabled=false"));
        for (String setting : sparkConf) {
            submit.addAll(List.of("--conf", setting));
        }
        submit.add(JAR);
        submit.addAll(jobArgs);
        Set<Path> executorLogsBefore = new HashSet<>(executorLogs());
        long started = System.nanoTime();
        submitted++;
        Process driver =
                start(driverLogName, "-Xmx1g", "org.apache.spark.deploy.SparkSubmit", submit.toArray(String[]::new));
        boolean finished = driver.waitFor(JOB_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        if (!finished) {
            driver.descendants().forEach(ProcessHandle::destroyForcibly);
            driver.destroyForcibly();
        }
        assertTrue(finished, "the cluster run ended within " + JOB_TIMEOUT.toSeconds() + " s" + logs());
        assertEquals(0, driver.exitValue(), "the cluster run's exit code" + logs());
        System.out.printf("cluster run of %s: %.1f s%n", jobArgs.get(0), (System.nanoTime() - started) / 1e9);
        String driverLog = Files.readString(dir.resolve(driverLogName));

        // The tasks ran in executor JVMs the workers started for this run, not in the driver.
        List<Path> executorLogs = new ArrayList<>(executorLogs());
        executorLogs.removeAll(executorLogsBefore);
        assertFalse(executorLogs.isEmpty(), "an executor's log under " + workDir + logs());
        boolean ranTasks = false;
        for (Path log : executorLogs) {
            ranTasks |= Files.readString(log).contains("Finished task");
        }
        assertTrue(ranTasks, "an executor JVM ran the tasks" + logs());
        assertFalse(driverLog.contains("Running task"), "no task ran in the driver" + logs());
        return driverLog;
    }
}
