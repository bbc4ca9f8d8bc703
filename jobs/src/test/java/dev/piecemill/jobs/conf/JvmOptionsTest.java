package dev.piecemill.jobs.conf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The JVM flags Spark needs on Java 17 are written in three places that cannot read one file:
 * {@code conf/jvm.options} (the launcher's), the parent pom's {@code spark.add.opens} (surefire's,
 * which hands them to the tests as {@code piecemill.jvm.options}) and {@code conf/spark-cluster.conf}
 * (spark-submit's, for the driver and the executors). They must be the same list.
 */
class JvmOptionsTest {
    private static final Path CONF = Path.of("..", "conf");

    @Test
    void theLauncherSurefireAndSparkSubmitPassTheSameFlags() throws IOException {
        List<String> launcher = Files.readAllLines(CONF.resolve("jvm.options")).stream()
                .map(String::trim)
                .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .toList();
        assertFalse(launcher.isEmpty());
        assertEquals(launcher, words(System.getProperty("piecemill.jvm.options", "")), "the pom's spark.add.opens");
        for (String key : List.of("spark.driver.extraJavaOptions", "spark.executor.extraJavaOptions")) {
            String line = Files.readAllLines(CONF.resolve("spark-cluster.conf")).stream()
                    .filter(l -> l.startsWith(key + " "))
                    .findFirst()
                    .orElse(key);
            assertEquals(launcher, words(line.substring(key.length())), "spark-cluster.conf's " + key);
        }
    }

    private static List<String> words(String flags) {
        return Arrays.stream(flags.trim().split("\\s+"))
                .filter(w -> !w.isEmpty())
                .toList();
    }
}
