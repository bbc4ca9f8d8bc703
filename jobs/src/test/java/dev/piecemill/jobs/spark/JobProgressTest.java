package dev.piecemill.jobs.spark;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The progress line sees running tasks' counts (from heartbeats) and then the finished job's. */
class JobProgressTest {
    private static SparkSession spark;
    /** Holds the tasks open until the test has seen their counts while they run (local mode: one JVM). */
    private static final CountDownLatch RELEASE = new CountDownLatch(1);

    @BeforeAll
    static void start() {
        spark = SparkSession.builder()
                .appName("progress test")
                .master("local[2]")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.executor.heartbeatInterval", "200ms")
                .getOrCreate();
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void linesShowRunningTasksThenTheTotal() throws Exception {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        LongAccumulator documents = spark.sparkContext().longAccumulator(JobProgress.DOCUMENTS);
        LongAccumulator text = spark.sparkContext().longAccumulator(JobProgress.TEXT_BYTES);
        LongAccumulator input = spark.sparkContext().longAccumulator(JobProgress.INPUT_BYTES);
        try (JobProgress progress =
                JobProgress.start(spark.sparkContext(), LoggerFactory.getLogger("test"), "test", 2000)) {
            Thread job =
                    new Thread(() -> jsc.parallelize(Arrays.asList(1, 2), 2).foreach(x -> {
                        documents.add(5);
                        text.add(1_000_000);
                        input.add(500);
                        RELEASE.await(30, TimeUnit.SECONDS);
                    }));
            job.start();
            String line = waitFor(progress, "10 documents");
            assertTrue(line.contains("2.0 MB of text") && line.contains("input 0.0 of 0.0 MB (50%)"), line);
            RELEASE.countDown();
            job.join();
            assertTrue(
                    progress.line().startsWith("test: 10 documents, 2.0 MB of text"),
                    "finished tasks count once: " + progress.line());
            assertTrue(progress.line().contains("(50%)"), progress.line());
        }
    }

    private static String waitFor(JobProgress progress, String text) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            String line = progress.line();
            if (line.contains(text)) {
                return line;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no progress line with '" + text + "': " + progress.line());
    }
}
