package dev.piecemill.jobs.cluster;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.TaskContext;
import org.apache.spark.api.plugin.DriverPlugin;
import org.apache.spark.api.plugin.ExecutorPlugin;
import org.apache.spark.api.plugin.PluginContext;
import org.apache.spark.api.plugin.SparkPlugin;

/**
 * A Spark plugin (on the cluster's classpath only, {@code spark.plugins}) that SIGKILLs the
 * executor JVM running the first attempt of a task of partition 1 or more in stage
 * {@value #STAGE} or later: once per run, the marker file {@value #MARKER} says it happened, and
 * to which stage. Until then, every task of those stages first waits {@link #TASK_DELAY_MS} ms, so
 * that the executor dies with tasks in flight and the stage half done, however small the data.
 */
public final class ExecutorKiller implements SparkPlugin {
    static final String STAGE = "spark.piecemill.test.killStage";
    static final String MARKER = "spark.piecemill.test.killMarker";
    static final long TASK_DELAY_MS = 150;

    @Override
    public DriverPlugin driverPlugin() {
        return null;
    }

    @Override
    public ExecutorPlugin executorPlugin() {
        return new ExecutorPlugin() {
            private int stage;
            private Path marker;

            @Override
            public void init(PluginContext context, Map<String, String> extraConf) {
                SparkConf conf = context.conf();
                stage = conf.getInt(STAGE, Integer.MAX_VALUE);
                marker = Path.of(conf.get(MARKER));
            }

            @Override
            public void onTaskStart() {
                TaskContext task = TaskContext.get();
                if (task.stageId() < stage || Files.exists(marker)) {
                    return;
                }
                try {
                    Thread.sleep(TASK_DELAY_MS);
                    if (task.partitionId() >= 1 && task.attemptNumber() == 0) {
                        Files.writeString(
                                Files.createFile(marker),
                                "stage " + task.stageId() + " partition " + task.partitionId() + " task "
                                        + task.taskAttemptId() + "\n");
                        long pid = ProcessHandle.current().pid();
                        new ProcessBuilder("kill", "-KILL", Long.toString(pid))
                                .inheritIO()
                                .start()
                                .waitFor();
                        Thread.sleep(60_000); // the signal is on its way
                    }
                } catch (FileAlreadyExistsException e) {
                    // killed once already in this run
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
    }
}
