package dev.piecemill.jobs.collapse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.piecemill.collapse.CollapseSettings;
import dev.piecemill.collapse.CollapseSimulator;
import dev.piecemill.collapse.Generation0;
import dev.piecemill.collapse.Loop;
import dev.piecemill.collapse.PoolWindows;
import dev.piecemill.collapse.PredictionCheck;
import dev.piecemill.collapse.Recursion;
import dev.piecemill.jobs.io.CorpusOptions;
import dev.piecemill.jobs.io.InputFormat;
import dev.piecemill.jobs.report.TheoryInputs;
import dev.piecemill.jobs.testing.Golden;
import dev.piecemill.jobs.testing.SparkTestSession;
import dev.piecemill.lm.SamplingBias;
import dev.piecemill.lm.Smoothing;
import dev.piecemill.lm.TokenCorpus;
import dev.piecemill.metrics.CorpusMetrics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The collapse job on small real text (Europarl documents, the pretrained plus.40k tokenizer):
 * it reproduces the in-memory simulator exactly, holds the exact Wright-Fisher prediction over
 * replicates, meets its budgets, resumes to the same outputs, and refuses what it cannot do.
 */
class CollapseJobTest {
    private static SparkSession spark;

    @TempDir
    static Path dir;

    private static Path corpus;

    @BeforeAll
    static void start() throws IOException {
        spark = SparkTestSession.start();
        corpus = dir.resolve("corpus/docs.jsonl");
        Files.createDirectories(corpus.getParent());
        StringBuilder lines = new StringBuilder();
        List<Golden.Line> golden = Golden.europarl();
        for (int i = 0; i < 120; i++) {
            lines.append("{\"id\": \"d")
                    .append(i)
                    .append("\", \"text\": ")
                    .append(Golden.JSON.writeValueAsString(golden.get(i).text()))
                    .append("}\n");
        }
        Files.writeString(corpus, lines.toString(), StandardCharsets.UTF_8);
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    /** A run's settings, the test's defaults overridden per test. */
    private static final class Run {
        String name;
        Loop loop = Loop.FULLY_SYNTHETIC;
        double realFraction;
        int order = 2;
        Smoothing smoothing = Smoothing.kneserNey();
        SamplingBias bias = SamplingBias.NONE;
        CollapseOptions.Unit unit = CollapseOptions.Unit.TOKENS;
        long perGeneration = 3000;
        int generations = 2;
        int replicates = 2;
        double heldout = 0.1;
        long splitBytes = CorpusOptions.DEFAULT_SPLIT_BYTES;
        CollapseOptions.TokenizerMode tokenizer = CollapseOptions.TokenizerMode.FIXED;
        long maxModelMegabytes;
        boolean overwrite = true;
        Generation0 generation0 = Generation0.SAMPLE;

        Run(String name) {
            this.name = name;
        }

        String output() {
            return dir.resolve(name).toString();
        }

        CollapseOptions options() {
            CorpusOptions input = new CorpusOptions(
                    List.of(corpus.toString()),
                    InputFormat.JSONL,
                    "text",
                    "id",
                    CorpusOptions.DEFAULT_MAX_RECORD_BYTES,
                    splitBytes);
            Recursion recursion = new Recursion(
                    loop, realFraction, order, smoothing, bias, generations, replicates, 7, 400, generation0);
            String model = tokenizer == CollapseOptions.TokenizerMode.FIXED
                    ? Golden.model("plus.40k").toString()
                    : null;
            return new CollapseOptions(
                    input,
                    output(),
                    recursion,
                    new CollapseOptions.Budget(unit, perGeneration),
                    new CollapseOptions.Tokenizer(tokenizer, model, 400),
                    heldout,
                    maxModelMegabytes,
                    false,
                    overwrite);
        }

        CollapseSummary run() throws IOException {
            return CollapseJob.run(spark, options());
        }
    }

    private static List<Row> metrics(Run run) {
        return spark.read()
                .parquet(run.output() + "/metrics")
                .orderBy("replicate", "generation")
                .collectAsList();
    }

    /** A generation's documents of one replicate, in document-index order for sampled ones. */
    private static List<CorpusDocument> documents(Run run, int generation, int replicate) {
        List<CorpusDocument> docs =
                new ArrayList<>(CorpusTable.read(spark, run.output() + "/gen=" + generation + "/corpus")
                        .filter("replicate = " + replicate)
                        .collectAsList());
        docs.sort((a, b) -> a.getSource().equals(b.getSource()) && a.getSource().equals(CorpusDocument.SYNTHETIC)
                ? Long.compare(index(a), index(b))
                : a.getDocId().compareTo(b.getDocId()));
        return docs;
    }

    private static long index(CorpusDocument d) {
        return Long.parseLong(d.getDocId().substring(d.getDocId().indexOf('/') + 1));
    }

    @Test
    void theJobIsTheInMemorySimulator() throws IOException {
        for (Loop loop : Loop.values()) {
            checkAgainstSimulator(loop, Generation0.SAMPLE);
        }
        checkAgainstSimulator(Loop.FULLY_SYNTHETIC, Generation0.CORPUS);
    }

    /** The job and the in-memory simulator on the same real documents, keyed alike: the same corpora and metrics. */
    private static void checkAgainstSimulator(Loop loop, Generation0 generation0) throws IOException {
        Run run = new Run("simulator-" + loop + "-" + generation0);
        run.loop = loop;
        run.realFraction = loop.mixesRealData() ? 0.25 : 0;
        run.generation0 = generation0;
        run.heldout = 0;
        run.run();
        // The real training documents, as the job's pools hold them (or generation 0 itself, when it is the corpus).
        boolean pooled = PoolWindows.of(run.options().settings(run.perGeneration)) != null;
        List<CorpusDocument> real = CorpusTable.read(spark, run.output() + (pooled ? "/gen=0/real" : "/gen=0/corpus"))
                .collectAsList();
        List<int[]> realDocuments = real.stream().map(CorpusDocument::getIds).toList();
        long[] keys = real.stream()
                .mapToLong(d -> dev.piecemill.util.Seeds.hash64(d.getDocId()))
                .toArray();
        CollapseSettings settings = run.options().settings(run.perGeneration);
        Map<String, TokenCorpus> corpora = new ConcurrentHashMap<>();
        var expected = new CollapseSimulator(settings)
                .run(TokenCorpus.of(realDocuments), i -> keys[(int) i], (r, g, c) -> corpora.put(r + "/" + g, c));
        List<Row> rows = metrics(run);
        assertEquals(expected.size(), rows.size());
        for (int i = 0; i < rows.size(); i++) {
            MetricsRow row = MetricsRow.fromRow(rows.get(i));
            assertEquals(expected.get(i).replicate(), row.replicate());
            assertEquals(expected.get(i).generation(), row.generation());
            assertEquals(
                    expected.get(i).metrics(),
                    row.corpus(),
                    loop + " " + generation0 + " " + row.replicate() + "/" + row.generation()
                            + ": every corpus metric equal, bit for bit");
        }
        if (loop == Loop.FULLY_SYNTHETIC) {
            for (int r = 0; r < 2; r++) {
                List<CorpusDocument> sampled = documents(run, 2, r);
                List<int[]> simulated = corpora.get(r + "/2").documents();
                assertEquals(simulated.size(), sampled.size());
                for (int d = 0; d < sampled.size(); d++) {
                    assertArrayEquals(simulated.get(d), sampled.get(d).getIds(), "document " + d);
                }
            }
        }
    }

    /**
     * A sampled generation 0 and its reference: per replicate, two real samples of exactly N tokens
     * that share no token of any document with each other or with the fresh data the replicate
     * trains on; measured against the reference, generation 0 shows real-vs-real sampling noise.
     */
    @Test
    void theReferenceIsARealSampleDisjointFromEverythingTheReplicateTrainsOn() throws IOException {
        Run run = new Run("reference");
        run.loop = Loop.FRESH;
        run.realFraction = 0.25;
        run.perGeneration = 2000;
        run.generations = 2;
        run.run();
        for (int r = 0; r < 2; r++) {
            int replicate = r;
            List<CorpusDocument> reference = CorpusTable.read(spark, run.output() + "/gen=0/reference")
                    .filter("replicate = " + r)
                    .collectAsList();
            assertEquals(
                    2000, reference.stream().mapToLong(d -> d.getIds().length).sum(), "N reference tokens");
            Map<String, List<long[]>> used = new HashMap<>();
            for (CorpusDocument d : reference) {
                addUnits(used, d);
            }
            for (int g = 0; g <= 2; g++) {
                for (CorpusDocument d : documents(run, g, replicate)) {
                    if (d.getSource().equals(CorpusDocument.REAL)) {
                        addUnits(used, d); // throws on any token taken twice
                    }
                }
            }
        }
        for (MetricsRow row : metrics(run).stream().map(MetricsRow::fromRow).toList()) {
            if (row.generation() == 0) {
                CorpusMetrics m = row.corpus();
                assertTrue(m.ngramPrecision() > 0 && m.ngramPrecision() < 1, "precision " + m.ngramPrecision());
                assertTrue(m.ngramRecall() > 0 && m.ngramRecall() < 1, "recall " + m.ngramRecall());
                assertTrue(m.jsToReference() > 0, "two real samples differ");
                assertEquals(2000, m.tokens());
            }
        }
    }

    /** Records the token range of a real document piece ("id[from:to]", or the whole "id"), failing on an overlap. */
    private static void addUnits(Map<String, List<long[]>> used, CorpusDocument d) {
        String id = d.getDocId();
        int bracket = id.lastIndexOf('[');
        String base = bracket < 0 ? id : id.substring(0, bracket);
        long from = 0;
        long to = Long.MAX_VALUE; // a whole document: all of its tokens
        if (bracket >= 0) {
            String[] range = id.substring(bracket + 1, id.length() - 1).split(":");
            from = Long.parseLong(range[0]);
            to = Long.parseLong(range[1]);
        }
        for (long[] other : used.computeIfAbsent(base, k -> new ArrayList<>())) {
            assertTrue(to <= other[0] || from >= other[1], "tokens of " + base + " used twice: " + id);
        }
        used.get(base).add(new long[] {from, to});
    }

    /** model-collapse.md: E[D_t] = D_0 (1 - 1/N)^t for N i.i.d. draws a generation (order 1, no smoothing). */
    @Test
    void giniSimpsonFollowsWrightFisherDriftOverFortyReplicates() throws IOException {
        Run run = new Run("wright-fisher");
        run.order = 1;
        run.smoothing = Smoothing.none();
        run.perGeneration = 200;
        run.generations = 10;
        run.replicates = 40;
        run.run();
        List<Row> rows = metrics(run);
        Map<Integer, List<MetricsRow>> byGeneration = new HashMap<>();
        rows.forEach(r -> byGeneration
                .computeIfAbsent(r.getInt(1), g -> new ArrayList<>())
                .add(MetricsRow.fromRow(r)));
        // The report's overlay comes from the run's theory.json: the same prediction as from each replicate's D_0.
        TheoryInputs inputs = dev.piecemill.jobs.io.JsonFiles.MAPPER.readValue(
                Path.of(run.output(), TheoryInputs.FILE).toFile(), TheoryInputs.class);
        double[][] predicted = inputs.predictions(10).get("gini_simpson");
        for (int t = 1; t <= 10; t++) {
            double[] d = new double[40];
            double[] p = new double[40];
            for (int r = 0; r < 40; r++) {
                double d0 = byGeneration.get(0).get(r).corpus().giniSimpson();
                p[r] = d0 * Math.pow(1 - 1.0 / 200, t);
                assertEquals(p[r], predicted[r][t], 1e-12, "theory.json's prediction");
                d[r] = byGeneration.get(t).get(r).corpus().giniSimpson();
            }
            PredictionCheck check = PredictionCheck.of(p, d);
            System.out.printf(
                    "Wright-Fisher on Spark, t = %d: mean D %.5f, SE %.5f, predicted %.5f%n",
                    t, check.measured(), check.standardError(), check.predicted());
            assertTrue(check.within(3), "generation " + t + ": " + check);
        }
        for (int r = 0; r < 40; r++) {
            long previousTypes = Long.MAX_VALUE;
            for (int t = 0; t <= 10; t++) {
                CorpusMetrics m = byGeneration.get(t).get(r).corpus();
                assertTrue(m.types() <= previousTypes, "the support never grows: replicate " + r + ", generation " + t);
                previousTypes = m.types();
                if (t > 0) {
                    assertEquals(200, m.tokens(), "exactly N tokens");
                }
            }
        }
    }

    /** A fresh run with a quarter real data, N = 2,000 tokens, for {@code generations} generations. */
    private static Run freshRun(String name, int generations) {
        Run run = new Run(name);
        run.loop = Loop.FRESH;
        run.realFraction = 0.25;
        run.perGeneration = 2000;
        run.generations = generations;
        return run;
    }

    private static Run freshStraight;

    /** {@link #freshRun} of 3 generations without interruption, made once for the tests that read it. */
    private static Run freshStraight() throws IOException {
        if (freshStraight == null) {
            Run run = freshRun("fresh-straight", 3);
            run.run();
            freshStraight = run;
        }
        return freshStraight;
    }

    @Test
    void freshRealDataIsDrawnWithoutReplacement() throws IOException {
        Run straight = freshStraight();
        for (int r = 0; r < 2; r++) {
            Set<String> realPieces = new HashSet<>();
            for (int g = 0; g <= 3; g++) {
                long real = 0;
                long all = 0;
                for (CorpusDocument d : documents(straight, g, r)) {
                    all += d.getIds().length;
                    if (d.getSource().equals(CorpusDocument.REAL)) {
                        real += d.getIds().length;
                        assertTrue(realPieces.add(d.getDocId()), "real " + d.getDocId() + " drawn twice");
                    }
                }
                assertEquals(2000, all, "N tokens in generation " + g);
                assertEquals(g == 0 ? 2000 : 500, real, "aN real tokens in generation " + g);
            }
        }
    }

    @Test
    void aResumedRunEndsAsTheUninterruptedOne() throws IOException {
        Run straight = freshStraight();
        Run resumed = freshRun("fresh-resumed", 1);
        resumed.splitBytes = 20_000; // other partitions
        resumed.run();
        resumed.generations = 3;
        resumed.overwrite = false;
        Path unfinished = Path.of(resumed.output(), "gen=2/corpus/part-from-a-crash.parquet"); // not committed
        Files.createDirectories(unfinished.getParent());
        Files.writeString(unfinished, "not parquet");
        CollapseSummary summary = resumed.run();
        assertEquals(2, summary.resumedAt());
        assertFalse(Files.exists(unfinished), "an unfinished generation is made again");

        assertEquals(
                Files.readString(Path.of(straight.output(), "metrics.csv")),
                Files.readString(Path.of(resumed.output(), "metrics.csv")),
                "same metrics, to the last digit");
        for (int g = 0; g <= 3; g++) {
            for (int r = 0; r < 2; r++) {
                List<CorpusDocument> a = documents(straight, g, r);
                List<CorpusDocument> b = documents(resumed, g, r);
                assertEquals(a.size(), b.size());
                for (int i = 0; i < a.size(); i++) {
                    assertEquals(a.get(i).getDocId(), b.get(i).getDocId());
                    assertArrayEquals(a.get(i).getIds(), b.get(i).getIds());
                }
            }
        }
    }

    @Test
    void runningAgainWithOtherSettingsIsRefused() throws IOException {
        freshStraight();
        Run other = freshRun("fresh-straight", 3);
        other.overwrite = false;
        other.perGeneration = 1000;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, other::run);
        assertTrue(e.getMessage().contains("per_generation was 2000, now 1000"), e.getMessage());
    }

    private static final Map<Generation0, Run> AUGMENT_RUNS = new java.util.EnumMap<>(Generation0.class);

    /** An augment run with a fifth real data and a budget of 20 documents, made once per generation-0 mode. */
    private static Run augmentRun(Generation0 generation0) throws IOException {
        Run run = AUGMENT_RUNS.get(generation0);
        if (run == null) {
            run = new Run("augment-docs-" + generation0);
            run.loop = Loop.AUGMENT;
            run.realFraction = 0.2;
            run.unit = CollapseOptions.Unit.DOCUMENTS;
            run.perGeneration = 20;
            run.generations = 2;
            run.generation0 = generation0;
            run.run();
            AUGMENT_RUNS.put(generation0, run);
        }
        return run;
    }

    private static Set<String> realDocumentIds(Run run, int g, int r) {
        Set<String> real = new HashSet<>();
        documents(run, g, r).stream()
                .filter(d -> d.getSource().equals(CorpusDocument.REAL))
                .forEach(d -> real.add(d.getDocId()));
        return real;
    }

    @Test
    void augmentKeepsOneFixedRealSetInEveryGeneration() throws IOException {
        for (Generation0 generation0 : Generation0.values()) {
            Run run = augmentRun(generation0);
            Map<Integer, Set<String>> realSets = new HashMap<>();
            for (int g = 1; g <= 2; g++) {
                for (int r = 0; r < 2; r++) {
                    Set<String> real = realDocumentIds(run, g, r);
                    int set = generation0 == Generation0.SAMPLE ? r : 0;
                    realSets.putIfAbsent(set, real);
                    assertEquals(
                            realSets.get(set),
                            real,
                            generation0 == Generation0.SAMPLE
                                    ? "one fixed real set per replicate, in every generation"
                                    : "the same fixed real set in every generation and replicate");
                    if (generation0 == Generation0.SAMPLE) {
                        Set<String> zero = new HashSet<>();
                        documents(run, 0, r).forEach(d -> zero.add(d.getDocId()));
                        assertTrue(zero.containsAll(real), "the fixed set is part of the replicate's generation 0");
                    }
                }
            }
        }
    }

    @Test
    void documentBudgetsAreExact() throws IOException {
        for (Generation0 generation0 : Generation0.values()) {
            Run run = augmentRun(generation0);
            for (int r = 0; r < 2; r++) {
                if (generation0 == Generation0.SAMPLE) {
                    assertEquals(
                            20L,
                            documents(run, 0, r).stream()
                                    .map(CorpusDocument::getDocId)
                                    .distinct()
                                    .count(),
                            "a generation 0 of the budget");
                }
                for (int g = 1; g <= 2; g++) {
                    assertEquals(20, documents(run, g, r).size(), "N documents in generation " + g);
                    assertEquals(4, realDocumentIds(run, g, r).size(), "aN real documents in generation " + g);
                }
            }
        }
    }

    @Test
    void retrainedTokenizersAreMeasuredAgainstGenerationZero() throws IOException {
        Run run = new Run("retrain");
        run.tokenizer = CollapseOptions.TokenizerMode.RETRAIN;
        run.generations = 1;
        run.replicates = 1;
        run.perGeneration = 4000;
        run.run();
        assertTrue(Files.exists(Path.of(run.output(), "gen=0/tokenizer/model.json")));
        assertTrue(Files.exists(Path.of(run.output(), "gen=1/tokenizer/replicate=0/model.json")));
        List<Row> rows = metrics(run);
        MetricsRow zero = MetricsRow.fromRow(rows.get(0));
        MetricsRow one = MetricsRow.fromRow(rows.get(1));
        assertEquals(1.0, zero.model().vocabOverlapGen0());
        assertTrue(one.model().vocabOverlapGen0() > 0 && one.model().vocabOverlapGen0() < 1, one.toString());
        assertTrue(Double.isFinite(one.model().heldoutBytesPerToken())
                && one.model().heldoutBytesPerToken() > 1);
        assertTrue(Double.isFinite(one.model().heldoutPerplexity()));
        // The corpus keeps generation 0's token space, so its metrics stay comparable.
        assertTrue(one.corpus().ngramPrecision() > 0, one.toString());
    }

    @Test
    void whatCannotBeDoneIsRefusedWithItsSize() {
        Run fresh = new Run("too-small-pool");
        fresh.loop = Loop.FRESH;
        fresh.realFraction = 0.5;
        fresh.perGeneration = 1_000_000;
        IllegalArgumentException pool = assertThrows(IllegalArgumentException.class, fresh::run);
        assertTrue(
                pool.getMessage()
                        .contains("fewer than the 3,000,000 the fresh loop needs for 2 generations (with a reference"),
                pool.getMessage());

        Run big = new Run("too-big-model");
        big.maxModelMegabytes = 1;
        big.order = 4;
        big.generation0 = Generation0.CORPUS; // generation 0's models are the whole corpus's
        IllegalArgumentException model = assertThrows(IllegalArgumentException.class, big::run);
        assertTrue(model.getMessage().contains("more than the 1 MB allowed (--max-model-mb"), model.getMessage());
    }

    @Test
    void badRecordsStopTheRunOrAreSetAsideAndCounted() throws IOException {
        Path bad = dir.resolve("bad/docs.jsonl");
        Files.createDirectories(bad.getParent());
        List<String> lines = new ArrayList<>(Files.readAllLines(corpus).subList(0, 40));
        lines.add(7, "{\"id\": \"broken\", \"text\": ");
        Files.write(bad, lines);
        Run run = new Run("bad-records");
        run.generations = 1;
        run.perGeneration = 1000;
        CollapseOptions strict = run.options();
        CorpusOptions input = new CorpusOptions(
                List.of(bad.toString()),
                InputFormat.JSONL,
                "text",
                "id",
                CorpusOptions.DEFAULT_MAX_RECORD_BYTES,
                CorpusOptions.DEFAULT_SPLIT_BYTES);
        Exception e = assertThrows(Exception.class, () -> CollapseJob.run(spark, withInput(strict, input, false)));
        assertTrue(
                dev.piecemill.jobs.cli.MainAccess.explain(e).contains("docs.jsonl, record at byte"),
                dev.piecemill.jobs.cli.MainAccess.explain(e));

        CollapseJob.run(spark, withInput(strict, input, true));
        Path record = Path.of(run.output(), "gen=0/generation.json");
        var json = Golden.JSON.readTree(record.toFile());
        assertEquals(41, json.get("records_read").asLong());
        assertEquals(1, json.get("quarantined").asLong());
        assertEquals(
                1, spark.read().parquet(run.output() + "/gen=0/_quarantine").count());
        long training = CorpusTable.read(spark, run.output() + "/gen=0/real").count();
        long heldout = CorpusTable.read(spark, run.output() + "/gen=0/heldout").count();
        assertEquals(40, training + heldout, "every good record is a training or a held-out document");

        Path onlyBad = dir.resolve("only-bad/docs.jsonl");
        Files.createDirectories(onlyBad.getParent());
        Files.writeString(onlyBad, "{\"id\": \"broken\", \"text\": \n");
        CorpusOptions nothing = new CorpusOptions(
                List.of(onlyBad.toString()),
                InputFormat.JSONL,
                "text",
                "id",
                CorpusOptions.DEFAULT_MAX_RECORD_BYTES,
                CorpusOptions.DEFAULT_SPLIT_BYTES);
        IllegalArgumentException empty = assertThrows(
                IllegalArgumentException.class, () -> CollapseJob.run(spark, withInput(strict, nothing, true)));
        assertTrue(
                empty.getMessage().contains("holds no document (1 records read, 1 quarantined)"), empty.getMessage());
    }

    private static CollapseOptions withInput(CollapseOptions o, CorpusOptions input, boolean skip) {
        return new CollapseOptions(
                input,
                o.output(),
                o.recursion(),
                o.budget(),
                o.tokenizer(),
                o.heldoutFraction(),
                o.maxModelMegabytes(),
                skip,
                true);
    }
}
