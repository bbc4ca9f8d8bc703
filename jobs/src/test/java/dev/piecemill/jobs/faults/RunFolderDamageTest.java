package dev.piecemill.jobs.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.piecemill.collapse.Generation0;
import dev.piecemill.collapse.Loop;
import dev.piecemill.collapse.Recursion;
import dev.piecemill.jobs.collapse.CollapseJob;
import dev.piecemill.jobs.collapse.CollapseOptions;
import dev.piecemill.jobs.io.CorpusOptions;
import dev.piecemill.jobs.io.InputFormat;
import dev.piecemill.jobs.testing.Golden;
import dev.piecemill.jobs.testing.SparkTestSession;
import dev.piecemill.lm.SamplingBias;
import dev.piecemill.lm.Smoothing;
import dev.piecemill.util.UserError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A committed collapse run whose folder was damaged (a file cut, overwritten in places, emptied
 * or deleted; its Hadoop checksum removed so the parsers meet the damage) is resumed with the
 * same command: it either finishes, with every generation's metrics, or stops with a UserError
 * that names the run folder; nothing else escapes. Each file the resume reads is damaged once
 * (the settings, the generations' records, the tokenizer, the reference, the n-gram counts, the
 * metrics, the held-out and real pools), and seeded random files besides.
 */
class RunFolderDamageTest {
    private static final long SEED = 20261203;
    private static final List<String> READ_ON_RESUME = List.of(
            "run.json",
            "gen=0/generation.json",
            "gen=1/generation.json",
            "gen=0/tokenizer/",
            "gen=0/reference/",
            "gen=0/reference_ngrams/",
            "gen=1/ngrams/",
            "gen=1/metrics/",
            "gen=0/heldout/",
            "gen=0/real/");
    private static final int RANDOM_FILES = 4;
    private static SparkSession spark;

    @TempDir
    static Path dir;

    private static Path corpus;
    private static Path committed;

    @BeforeAll
    static void start() throws IOException {
        spark = SparkTestSession.start();
        corpus = Golden.writeEuroparlJsonl(dir.resolve("europarl.jsonl"));
        committed = dir.resolve("committed");
        CollapseJob.run(spark, options(committed, 1));
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    private enum Damage {
        CUT,
        OVERWRITE,
        EMPTY,
        DELETE
    }

    @Test
    void aDamagedRunFolderResumesOrFailsNamingIt() throws IOException {
        List<Path> files = runFiles(committed);
        SplittableRandom random = new SplittableRandom(SEED);
        List<Path> targets = new ArrayList<>();
        for (String prefix : READ_ON_RESUME) {
            List<Path> matching = files.stream()
                    .filter(f -> committed.relativize(f).toString().startsWith(prefix))
                    .filter(f -> !f.getFileName().toString().equals("_SUCCESS"))
                    .toList();
            assertTrue(!matching.isEmpty(), "the committed run holds " + prefix + ": " + files);
            targets.add(matching.get(random.nextInt(matching.size())));
        }
        for (int i = 0; i < RANDOM_FILES; i++) {
            targets.add(files.get(random.nextInt(files.size())));
        }
        List<String> outcomes = new ArrayList<>(); // printed as they come, to show what each damage led to
        for (int i = 0; i < targets.size(); i++) {
            Damage damage = Damage.values()[i % Damage.values().length];
            Path copy = dir.resolve("damaged-" + i);
            copyTree(committed, copy);
            String target = committed.relativize(targets.get(i)).toString();
            damage(copy.resolve(target), damage, random);
            System.out.println("run folder damage: " + target + " " + damage);
            outcomes.add(target + " " + damage + ": " + resume(copy));
            System.out.println("  " + outcomes.get(outcomes.size() - 1));
        }
    }

    @Test
    void aPartFileLostFromATableOfSeveralIsNamed() throws IOException {
        Path copy = dir.resolve("lost-part");
        copyTree(committed, copy);
        Path part = aPartOfATableOfSeveral(copy);
        Files.delete(part);
        Files.deleteIfExists(part.resolveSibling("." + part.getFileName() + ".crc"));
        UserError e = assertThrows(UserError.class, () -> CollapseJob.run(spark, options(copy, 2)));
        assertTrue(e.getMessage().contains(copy.relativize(part) + " (it is missing)"), e.getMessage());
    }

    @Test
    void aPartFileAddedToATableIsNamed() throws IOException {
        Path copy = dir.resolve("added-part");
        copyTree(committed, copy);
        Path part = aPartOfATableOfSeveral(copy);
        Path added = part.resolveSibling("part-99999-copied.snappy.parquet");
        Files.copy(part, added);
        UserError e = assertThrows(UserError.class, () -> CollapseJob.run(spark, options(copy, 2)));
        assertTrue(e.getMessage().contains(copy.relativize(added) + " (the run did not write it"), e.getMessage());
    }

    /** A Parquet part file of a committed table that has more than one. */
    private static Path aPartOfATableOfSeveral(Path run) throws IOException {
        Map<Path, List<Path>> parts = runFiles(run).stream()
                .filter(f -> f.getFileName().toString().endsWith(".parquet"))
                .collect(Collectors.groupingBy(Path::getParent, TreeMap::new, Collectors.toList()));
        return parts.values().stream()
                .filter(files -> files.size() > 1)
                .findFirst()
                .orElseThrow()
                .get(0);
    }

    /** "resumed", or our error's message; anything else fails the test. */
    private static String resume(Path run) throws IOException {
        try {
            CollapseJob.run(spark, options(run, 2));
        } catch (UserError e) {
            assertTrue(e.getMessage().contains(run.toString()), "the error names the run folder: " + e.getMessage());
            return "refused: " + e.getMessage();
        }
        List<String> metrics = Files.readAllLines(run.resolve("metrics.csv"));
        assertEquals(1 + 2 * 3, metrics.size(), "a header and generations 0-2 of both replicates: " + metrics);
        return "resumed";
    }

    private static void damage(Path file, Damage damage, SplittableRandom random) throws IOException {
        Files.deleteIfExists(file.resolveSibling("." + file.getFileName() + ".crc"));
        byte[] bytes = Files.readAllBytes(file);
        switch (damage) {
            case CUT -> Files.write(file, Arrays.copyOf(bytes, random.nextInt(Math.max(1, bytes.length))));
            case OVERWRITE -> {
                for (int k = 0; k < 8 && bytes.length > 0; k++) {
                    bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
                }
                Files.write(file, bytes);
            }
            case EMPTY -> Files.write(file, new byte[0]);
            case DELETE -> Files.delete(file);
        }
    }

    /** The run's files, not its checksums, sorted. */
    private static List<Path> runFiles(Path run) throws IOException {
        try (Stream<Path> walk = Files.walk(run)) {
            return walk.filter(Files::isRegularFile)
                    .filter(f -> !f.getFileName().toString().endsWith(".crc"))
                    .sorted()
                    .toList();
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    private static CollapseOptions options(Path output, int generations) {
        return new CollapseOptions(
                new CorpusOptions(
                        List.of(corpus.toString()),
                        InputFormat.JSONL,
                        "text",
                        null,
                        CorpusOptions.DEFAULT_MAX_RECORD_BYTES,
                        CorpusOptions.DEFAULT_SPLIT_BYTES),
                output.toString(),
                new Recursion(
                        Loop.FRESH,
                        0.25,
                        2,
                        Smoothing.kneserNey(),
                        SamplingBias.NONE,
                        generations,
                        2,
                        7,
                        400,
                        Generation0.SAMPLE),
                CollapseOptions.Budget.tokens(3000),
                new CollapseOptions.Tokenizer(
                        CollapseOptions.TokenizerMode.FIXED,
                        Golden.model("plus.40k").toString(),
                        400),
                0.1,
                0,
                false,
                false);
    }
}
