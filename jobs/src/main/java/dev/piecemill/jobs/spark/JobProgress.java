package dev.piecemill.jobs.spark;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.AccumulableInfo;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorMetricsUpdate;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.slf4j.Logger;
import scala.Tuple4;
import scala.jdk.javaapi.CollectionConverters;

/**
 * A progress line every few seconds while a long action runs: documents, text bytes and MB/s,
 * and with a known input size the share read and the time left. Values come from the job's
 * named accumulators: completed tasks' final values, plus running tasks' current values, which
 * executors send with their heartbeats (every {@code spark.executor.heartbeatInterval}), so the
 * line moves inside long tasks too, on a cluster as in local mode.
 */
public final class JobProgress extends SparkListener implements AutoCloseable {
    /** Accumulator names the line reads; jobs name their accumulators so. */
    public static final String DOCUMENTS = "documents";

    public static final String TEXT_BYTES = "bytes";
    public static final String INPUT_BYTES = "input bytes read";
    /** Spark's own count of bytes read by its file scans (the Parquet reader). */
    private static final String SPARK_INPUT_BYTES = "internal.metrics.input.bytesRead";

    private final SparkContext sc;
    private final Logger log;
    private final String job;
    private final long inputBytes;
    private final long started = System.nanoTime();
    private final Map<String, Long> completed = new HashMap<>();
    private final Map<Long, Map<String, Long>> running = new HashMap<>();
    private final ScheduledExecutorService timer;

    private JobProgress(SparkContext sc, Logger log, String job, long inputBytes, long everySeconds) {
        this.sc = sc;
        this.log = log;
        this.job = job;
        this.inputBytes = inputBytes;
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, job + "-progress");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(() -> log.info(line()), everySeconds, everySeconds, TimeUnit.SECONDS);
    }

    /** Starts logging; close it when the action is done. {@code inputBytes} 0 when unknown. */
    public static JobProgress start(SparkContext sc, Logger log, String job, long inputBytes) {
        JobProgress progress = new JobProgress(sc, log, job, inputBytes, EVERY_SECONDS);
        sc.addSparkListener(progress);
        return progress;
    }

    private static final long EVERY_SECONDS = 5;

    @Override
    public synchronized void onTaskEnd(SparkListenerTaskEnd end) {
        running.remove(end.taskInfo().taskId());
        if (end.taskInfo().successful()) {
            for (AccumulableInfo info :
                    CollectionConverters.asJava(end.taskInfo().accumulables())) {
                add(completed, info);
            }
        }
    }

    @Override
    public synchronized void onExecutorMetricsUpdate(SparkListenerExecutorMetricsUpdate update) {
        for (Tuple4<Object, Object, Object, scala.collection.immutable.Seq<AccumulableInfo>> task :
                CollectionConverters.asJava(update.accumUpdates())) {
            Map<String, Long> values = new HashMap<>();
            for (AccumulableInfo info : CollectionConverters.asJava(task._4())) {
                add(values, info);
            }
            running.put((Long) task._1(), values);
        }
    }

    private static void add(Map<String, Long> into, AccumulableInfo info) {
        if (info.name().isDefined()
                && info.update().isDefined()
                && info.update().get() instanceof Long value) {
            into.merge(info.name().get(), value, Long::sum);
        }
    }

    private synchronized long value(String name) {
        long total = completed.getOrDefault(name, 0L);
        for (Map<String, Long> task : running.values()) {
            total += task.getOrDefault(name, 0L);
        }
        return total;
    }

    private static final double MIN_SHARE_FOR_ESTIMATE = 0.05;

    /** The progress line, as logged. */
    String line() {
        double seconds = (System.nanoTime() - started) / 1e9;
        long textBytes = value(TEXT_BYTES);
        StringBuilder line = new StringBuilder(String.format(
                "%s: %,d documents, %.1f MB of text, %.1f MB/s",
                job, value(DOCUMENTS), textBytes / 1e6, textBytes / 1e6 / seconds));
        long read = value(INPUT_BYTES) + value(SPARK_INPUT_BYTES);
        if (inputBytes > 0 && read > 0) {
            double share = Math.min(1.0, (double) read / inputBytes);
            line.append(String.format("; input %.1f of %.1f MB (%.0f%%)", read / 1e6, inputBytes / 1e6, 100 * share));
            if (share >= MIN_SHARE_FOR_ESTIMATE) { // before that, start-up time dominates the rate
                line.append(", about ")
                        .append(duration(seconds * (1 - share) / share))
                        .append(" left");
            }
        }
        return line.toString();
    }

    private static String duration(double seconds) {
        long s = Math.round(seconds);
        return s < 60
                ? s + " s"
                : s < 3600
                        ? String.format("%dm%02ds", s / 60, s % 60)
                        : String.format("%dh%02dm", s / 3600, s % 3600 / 60);
    }

    @Override
    public void close() {
        timer.shutdownNow();
        sc.removeSparkListener(this);
    }
}
