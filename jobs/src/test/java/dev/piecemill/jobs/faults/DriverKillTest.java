package dev.piecemill.jobs.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.piecemill.jobs.cli.Main;
import dev.piecemill.jobs.testing.Golden;
import dev.piecemill.jobs.testing.PiecemillProcess;
import dev.piecemill.jobs.testing.SparkTestSession;
import dev.piecemill.jobs.tokenize.TokenizeJob;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole process killed (SIGKILL) at seeded random moments, as a scheduler or an OOM killer
 * would: each job runs as a {@code piecemill} JVM of its own. A collapse run started again with
 * the same command, as often as it is killed, ends with the run folder of an uninterrupted run:
 * the same files, the same rows, the same numbers. A killed tokenize run leaves a folder no one
 * can take for finished: the next run names it partial and says to pass --overwrite.
 */
class DriverKillTest {
    private static final Pattern PART_FILE_ID =
            Pattern.compile("part-(\\d+)-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final long SEED = 20261203;
    private static final int KILLS = 3;
    private static SparkSession spark;

    @TempDir
    static Path dir;

    private static Path corpus;

    @BeforeAll
    static void start() throws IOException {
        spark = SparkTestSession.start();
        corpus = Golden.writeEuroparlJsonl(dir.resolve("europarl.jsonl"));
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    private static Process piecemill(Path log, List<String> args) throws IOException {
        return PiecemillProcess.start("1g", log, args);
    }

    private static int await(Process process, Path log) throws Exception {
        return PiecemillProcess.await(process, log);
    }

    private static List<String> collapseArgs(Path output) {
        return List.of(
                "collapse",
                "--model",
                Golden.model("plus.40k").toString(),
                "--input",
                corpus.toString(),
                "--split-bytes",
                "16384",
                "--loop",
                "fresh",
                "--real-fraction",
                "0.25",
                "--generations",
                "3",
                "--replicates",
                "2",
                "--tokens-per-generation",
                "3000",
                "--seed",
                "5",
                "--output",
                output.toString());
    }

    @Test
    void collapseKilledAtRandomMomentsAndRunAgainEndsAsAnUninterruptedRun() throws Exception {
        Path straight = dir.resolve("collapse-straight");
        Path log = dir.resolve("collapse.log");
        long started = System.nanoTime();
        assertEquals(0, await(piecemill(log, collapseArgs(straight)), log), "the uninterrupted run; log: " + log);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

        // Kill k comes once k generations are committed, after a seeded random wait: in the first
        // generation (the longest, a random moment in it), then within generations 1 and 2.
        Path killed = dir.resolve("collapse-killed");
        Random random = new Random(SEED);
        List<String> moments = new ArrayList<>();
        int runs = 0;
        for (int kill = 0; kill < KILLS; kill++) {
            runs++;
            Process run = piecemill(log, collapseArgs(killed));
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
            while (committedGenerations(killed) < kill && run.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            long wait = kill == 0 ? (long) (millis * (0.2 + 0.3 * random.nextDouble())) : random.nextInt(1500);
            assertFalse(
                    run.waitFor(wait, TimeUnit.MILLISECONDS),
                    "run " + runs + " was still going at kill " + (kill + 1) + " (" + committedGenerations(killed)
                            + " generations committed); log: " + log);
            run.destroyForcibly(); // SIGKILL: no shutdown hook, no cleanup
            run.waitFor();
            moments.add(committedGenerations(killed) + " generations committed + " + wait + " ms");
            assertFalse(Files.exists(killed.resolve("summary.json")), "a killed run has no summary");
        }
        runs++;
        assertEquals(
                0, await(piecemill(log, collapseArgs(killed)), log), "the run after " + KILLS + " kills; log: " + log);
        System.out.println("collapse killed at " + moments + ", then finished in run " + runs + " (uninterrupted: "
                + millis + " ms)");
        assertSameRun(straight, killed);
    }

    private static int committedGenerations(Path run) {
        int g = 0;
        while (Files.exists(run.resolve("gen=" + g).resolve("generation.json"))) {
            g++;
        }
        return g;
    }

    /**
     * Two run folders hold the same files (Spark's part files aside, whose names are random), the
     * same rows in each Parquet folder and the same JSON and CSV, but for what differs between runs
     * by nature: times, the output's path, where a run resumed.
     */
    private static void assertSameRun(Path expected, Path actual) throws IOException {
        TreeMap<String, Path> a = contents(expected);
        TreeMap<String, Path> b = contents(actual);
        assertEquals(a.keySet(), b.keySet(), "the files and Parquet folders of the run");
        for (String name : a.keySet()) {
            Path x = a.get(name);
            Path y = b.get(name);
            if (Files.isDirectory(x)) {
                assertEquals(rows(x), rows(y), name + ": rows");
            } else if (name.endsWith(".json")) {
                assertEquals(comparable(x), comparable(y), name);
            } else if (!name.endsWith(".html")) { // the report shows the run's folder and times
                assertEquals(Files.readString(x), Files.readString(y), name);
            }
        }
    }

    /** Relative name to file, or to folder for a Parquet folder; no checksums, markers or temporaries. */
    private static TreeMap<String, Path> contents(Path root) throws IOException {
        TreeMap<String, Path> contents = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String name = file.getFileName().toString();
                if (name.startsWith(".") || name.startsWith("_")) {
                    continue;
                }
                Path entry = name.startsWith("part-") ? parquetFolder(root, file) : file;
                contents.put(root.relativize(entry).toString(), entry);
            }
        }
        return contents;
    }

    /** The folder Spark wrote a part file into (above its partition folders, name=value). */
    private static Path parquetFolder(Path root, Path partFile) {
        Path folder = partFile.getParent();
        while (folder.getFileName().toString().contains("=")
                && !folder.getParent().equals(root)) {
            folder = folder.getParent();
        }
        return folder;
    }

    private static List<String> rows(Path parquet) {
        return spark.read().parquet(parquet.toString()).collectAsList().stream()
                .map(Row::toString)
                .sorted()
                .toList();
    }

    private static JsonNode comparable(Path json) throws IOException {
        // a generation's list of files names its part files, whose names are random
        String text = PART_FILE_ID.matcher(Files.readString(json)).replaceAll("part-$1");
        JsonNode node = Golden.JSON.readTree(text);
        if (node instanceof ObjectNode object) {
            List<String> varying = new ArrayList<>();
            object.fieldNames().forEachRemaining(name -> {
                if (name.contains("second")
                        || List.of("output", "report", "resumed_at").contains(name)) {
                    varying.add(name);
                }
            });
            object.remove(varying);
        }
        return node;
    }

    @Test
    void aKilledTokenizeRunLeavesAnOutputNamedPartial() throws Exception {
        Path input = Golden.writeTrainingCorpus(dir.resolve("train-europarl.jsonl")); // runs for seconds
        Path output = dir.resolve("tokens");
        Path log = dir.resolve("tokenize.log");
        List<String> args = List.of(
                "tokenize",
                "--model",
                Golden.model("plus.40k").toString(),
                "--input",
                input.toString(),
                "--split-bytes",
                "262144",
                "--output",
                output.toString());
        Process run = piecemill(log, args);
        // Killed once Spark has begun to write (its _temporary folder), before the job ends.
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (!Files.exists(output.resolve("_temporary")) && run.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertTrue(run.isAlive(), "the run was still going when its output appeared; log: " + log);
        run.destroyForcibly();
        run.waitFor();
        assertTrue(Files.isDirectory(output), "the killed run left its folder");
        assertFalse(Files.exists(output.resolve(TokenizeJob.SUMMARY_FILE)), "and no summary");

        Files.writeString(log, "");
        assertEquals(Main.USER_ERROR, await(piecemill(log, args), log), "run again without --overwrite");
        String said = Files.readString(log);
        assertTrue(
                said.contains("tokenize: error: output " + output + " is the partial output of a run that did"
                        + " not finish (it has no " + TokenizeJob.SUMMARY_FILE + "); pass --overwrite to replace it"),
                said);

        List<String> overwrite = new ArrayList<>(args);
        overwrite.add("--overwrite");
        assertEquals(0, await(piecemill(log, overwrite), log), "run again with --overwrite; log: " + log);
        assertEquals(4000, spark.read().parquet(output.toString()).count());
        assertTrue(Files.exists(output.resolve(TokenizeJob.SUMMARY_FILE)));
    }
}
