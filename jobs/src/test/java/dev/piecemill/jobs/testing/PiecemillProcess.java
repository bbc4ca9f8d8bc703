package dev.piecemill.jobs.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.piecemill.jobs.cli.Main;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@code piecemill ARGS} in a JVM of its own, as a user runs it: this JVM's classpath, Spark's flags, local[2]. */
public final class PiecemillProcess {
    private static final String JAVA =
            Path.of(System.getProperty("java.home"), "bin", "java").toString();

    private PiecemillProcess() {}

    /** Starts the command with the given heap ({@code -Xmx}); its output is appended to {@code log}. */
    public static Process start(String heap, Path log, List<String> args) throws IOException {
        List<String> command = new ArrayList<>(List.of(JAVA, "-Xmx" + heap));
        String options = System.getProperty("piecemill.jvm.options", "").trim();
        assertTrue(options.contains("--add-opens"), "system property piecemill.jvm.options (surefire's configuration)");
        command.addAll(List.of(options.split("\\s+")));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(args);
        command.addAll(List.of("--master", "local[2]", "--conf", "spark.ui.enabled=false"));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
    }

    /** Waits for the process (at most 5 minutes) and gives its exit code. */
    public static int await(Process process, Path log) throws InterruptedException {
        assertTrue(process.waitFor(5, TimeUnit.MINUTES), "the run ended within 5 minutes; its log: " + log);
        return process.exitValue();
    }
}
