package dev.piecemill.jobs.collapse;

import dev.piecemill.collapse.CollapseSettings;
import dev.piecemill.collapse.CollapseTheory;
import dev.piecemill.collapse.Generation0;
import dev.piecemill.collapse.Loop;
import dev.piecemill.collapse.PoolWindows;
import dev.piecemill.collapse.Recursion;
import dev.piecemill.jobs.io.JsonFiles;
import dev.piecemill.jobs.io.ModelFiles;
import dev.piecemill.jobs.io.Quarantine;
import dev.piecemill.jobs.io.RecordCounts;
import dev.piecemill.jobs.report.ReportPage;
import dev.piecemill.jobs.report.ReportedRun;
import dev.piecemill.jobs.report.TheoryInputs;
import dev.piecemill.jobs.spark.StageClock;
import dev.piecemill.metrics.CorpusMetrics;
import dev.piecemill.metrics.ModelMetrics;
import dev.piecemill.metrics.NgramOverlap;
import dev.piecemill.metrics.TokenFrequencies;
import dev.piecemill.piece.PieceModel;
import dev.piecemill.piece.VocabularyOverlap;
import dev.piecemill.util.UserError;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Simulates self-consuming generations on Spark. Generation 0 is real data: by default a sample of
 * the generation budget per replicate, measured like every later generation against a real
 * reference sample of the same size that the replicate never trains on ({@link Generation0});
 * each later generation samples documents from the previous generation's n-gram models, mixes in
 * real data as the loop says, trains a tokenizer (when retrained) and new models on the result,
 * and measures it. Each generation is committed by its record ({@link RunDirectory}); a run
 * started again resumes after its last committed generation, and the same settings and seed give
 * the same outputs.
 */
public final class CollapseJob {
    private static final Logger LOG = LoggerFactory.getLogger(CollapseJob.class);
    static final String SUMMARY_FILE = "summary.json";
    static final String REPORT_FILE = "report.html";

    private final SparkSession spark;
    private final JavaSparkContext jsc;
    private final CollapseOptions options;
    /** The options' recursion, read throughout. */
    private final Recursion recursion;

    private static final String VERIFY_PAGE_CHECKSUMS = "parquet.page.verify-checksum.enabled";
    private final RunDirectory dir;
    /** The buckets every corpus's n-gram counts are cut into (Spark SQL's shuffle partitions): the same for all, so they merge. */
    private final int buckets;

    /**
     * The run's fixed context, built once from generation 0's folder, for a new run or a resume.
     *
     * @param pool    the ordered real pools, or null when no loop part draws from one
     * @param windows the pools' layout, or null when generation 0 is the whole corpus
     */
    private record Context(
            PieceModel tokenizer0,
            Broadcast<TokenizerSet> tokenizer0Set,
            RealCorpus real,
            RealPoolTable pool,
            PoolWindows windows,
            long unitsPerGeneration,
            CollapseSettings settings) {
        boolean sampled() {
            return settings.recursion().generation0() == Generation0.SAMPLE;
        }
    }

    /** What every generation is measured against: the real reference's statistics and models. */
    private record Reference(CorpusStatistics statistics, Broadcast<LanguageModels> models) {}

    /**
     * The last committed generation: the models and tokenizers the next one samples from; for
     * accumulate, the counts of the corpus it trained on too (every table kept, scored under the
     * reference's models), which the next generation's new documents are added to; and the metrics
     * of every generation committed so far, which the run's tables and report are written from.
     */
    private record Previous(
            Broadcast<LanguageModels> models,
            Broadcast<TokenizerSet> tokenizers,
            double meanDocumentTokens,
            CorpusStatistics accumulated,
            List<MetricsRow> history) {
        Previous {
            history = List.copyOf(history);
        }
    }

    /** What generation g trained and counted: its corpus's statistics, its models and its tokenizers. */
    private record Built(
            CorpusStatistics statistics, Broadcast<LanguageModels> models, Broadcast<TokenizerSet> tokenizers) {}

    /** Generation 0's input: the records read and set aside, and the documents held out. */
    private record InputCounts(long read, long quarantined, long heldoutDocuments) {}

    private CollapseJob(SparkSession spark, CollapseOptions options) throws IOException {
        this.spark = spark;
        this.jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        this.options = options;
        this.recursion = options.recursion();
        // a resumed run reads its Parquet back: pages whose checksum (Parquet writes one) fails are an
        // error naming the file, not values decoded from damaged bytes
        spark.sparkContext().hadoopConfiguration().setBoolean(VERIFY_PAGE_CHECKSUMS, true);
        this.dir = new RunDirectory(options.output(), spark.sparkContext().hadoopConfiguration());
        this.buckets = spark.sessionState().conf().numShufflePartitions();
    }

    public static CollapseSummary run(SparkSession spark, CollapseOptions options) throws IOException {
        return new CollapseJob(spark, options).run();
    }

    private CollapseSummary run() throws IOException {
        long started = System.nanoTime();
        int committed = dir.open(options.identity(), options.overwrite());
        long unitsPerGeneration;
        try {
            unitsPerGeneration = generations(committed);
        } catch (RunDirectory.DamagedRunError e) {
            throw e;
        } catch (Exception e) { // SparkException too, which Scala throws undeclared
            if (committed > 0 && dir.isReadFailureInside(e)) {
                throw dir.damaged("a file of its committed generations", e);
            }
            throw e;
        }
        CollapseSummary summary = new CollapseSummary(
                options.output(),
                CollapseOptions.name(recursion.loop()),
                recursion.generations(),
                recursion.replicates(),
                committed,
                unitsPerGeneration,
                CollapseOptions.name(options.budget().unit()),
                options.output() + "/" + REPORT_FILE,
                (System.nanoTime() - started) / 1e9);
        JsonFiles.write(summary, options.output() + "/" + SUMMARY_FILE, dir.conf());
        return summary;
    }

    /** Generation 0 or the committed generations read back, then the rest; gives the budget N. */
    private long generations(int committed) throws IOException {
        RunStart start = committed > 0 ? resumed(committed) : generationZero();
        Previous previous = start.previous();
        for (int g = Math.max(1, committed); g <= recursion.generations(); g++) {
            previous = generation(g, start.context(), start.reference(), previous);
        }
        return start.context().unitsPerGeneration();
    }

    /** Where the generation loop starts: the run's context and reference, and its last committed generation. */
    private record RunStart(Context context, Reference reference, Previous previous) {}

    private RunStart resumed(int committed) throws IOException {
        LOG.info("collapse: resuming {} after generation {}", options.output(), committed - 1);
        Context context = setUpRun(ModelFiles.read(dir.tokenizer0(), dir.conf()));
        Reference reference = loadReference(context);
        return new RunStart(context, reference, resume(context, reference, committed));
    }

    // ---- generation 0 -------------------------------------------------------------------------

    private RunStart generationZero() throws IOException {
        long started = System.nanoTime();
        StageClock clock = new StageClock(LOG, "collapse generation 0");
        spark.sparkContext().setJobDescription("collapse generation 0: read the real corpus");
        String folder = dir.generation(0);
        String texts = folder + "/" + RealCorpus.TRAINING_TEXT;
        RecordCounts counts = RealCorpus.readInput(spark, options, texts, folder + "/" + Quarantine.FOLDER);
        clock.lap("read", String.format("%,d records read, %,d quarantined", counts.read(), counts.quarantined()));
        if (counts.documents() == 0) {
            throw new UserError("the input " + options.corpus().inputs() + " holds no document (" + counts.read()
                    + " records read, " + counts.quarantined() + " quarantined)");
        }
        PieceModel tokenizer = options.tokenizer().model() != null
                ? ModelFiles.read(options.tokenizer().model(), dir.conf())
                : TokenizerTraining.train(
                        spark,
                        List.of(RealCorpus.trainingTexts(texts)),
                        folder + "/tokenizer",
                        options.tokenizer().vocabSize());
        ModelFiles.write(tokenizer, dir.tokenizer0(), dir.conf());
        clock.lap("tokenizer", String.format("%,d pieces", tokenizer.pieceCount()));
        RealCorpus.tokenize(spark, texts, tokenizer, realFolder(), dir.heldout());
        dir.delete(texts);
        clock.lap("tokenize", folder);
        Context context = setUpRun(tokenizer);

        if (context.windows() != null) {
            writeWindow(context, 0, dir.corpus(0));
        }
        if (context.sampled()) {
            writeWindow(context, PoolWindows.REFERENCE, dir.reference());
        }
        Dataset<CorpusDocument> corpus = CorpusTable.read(spark, dir.corpus(0));
        long heldoutDocuments = context.real().heldout().count();
        clock.lap(
                "corpus",
                String.format(
                        "%,d documents held out; N = %,d %s per generation",
                        heldoutDocuments,
                        context.unitsPerGeneration(),
                        CollapseOptions.name(options.budget().unit())));
        Broadcast<LanguageModels> models0 =
                jsc.broadcast(countAndBuildModels(corpus, dir.ngrams(0), "generation 0", clock));
        CorpusStatistics statistics0;
        Reference reference;
        if (context.sampled()) {
            Dataset<CorpusDocument> sample = CorpusTable.read(spark, dir.reference());
            Broadcast<LanguageModels> referenceModels =
                    jsc.broadcast(countAndBuildModels(sample, dir.referenceNgrams(), "the reference", clock));
            reference = new Reference(
                    CorpusStatistics.of(sample, buckets, CorpusStatistics.Kept.OVERLAP, null), referenceModels);
            statistics0 = count(corpus, reference);
        } else {
            statistics0 = count(corpus, models0);
            reference = new Reference(statistics0, models0);
        }
        lapCounted(clock);
        writeTheoryInputs(context, statistics0);
        Previous previous = finish(
                0,
                context,
                reference,
                List.of(),
                new Built(statistics0, models0, context.tokenizer0Set()),
                new InputCounts(counts.read(), counts.quarantined(), heldoutDocuments),
                started,
                clock);
        return new RunStart(context, reference, previous);
    }

    /** Where generation 0 keeps the real training documents: its corpus, or the pool its corpus is drawn from. */
    private String realFolder() {
        return PoolWindows.of(options.settings(1)) != null ? dir.realPool() : dir.corpus(0);
    }

    private void writeWindow(Context context, int window, String path) {
        CorpusTable.write(
                spark.createDataset(
                        context.pool()
                                .window(context.windows(), window, recursion.replicates(), context.tokenizer0Set())
                                .rdd(),
                        CorpusTable.ENCODER),
                path);
    }

    /** The run's fixed context from generation 0's folder: tokenizer, real data, budget, pools. */
    private Context setUpRun(PieceModel tokenizer) {
        Broadcast<TokenizerSet> tokenizer0Set = jsc.broadcast(TokenizerSet.shared(tokenizer, recursion.replicates()));
        RealCorpus real = RealCorpus.load(spark, realFolder(), dir.heldout());
        if (real.training().isEmpty()) {
            throw new UserError("the input " + options.corpus().inputs() + " holds no training document ("
                    + real.heldout().count() + " held out by --heldout-fraction " + options.heldoutFraction()
                    + "): nothing to train generation 0's model on");
        }
        long units = resolveBudget(real);
        CollapseSettings settings = options.settings(units);
        PoolWindows windows = PoolWindows.of(settings);
        RealPoolTable pool = null;
        if (windows != null || recursion.loop() == Loop.AUGMENT) {
            pool = RealPoolTable.build(real.training().javaRDD(), options, windows != null);
            long required =
                    windows != null ? windows.required(recursion.generations()) : settings.realTokensPerGeneration();
            if (pool.units() < required) {
                throw new UserError(String.format(
                        "the real corpus holds %,d %s, fewer than the %,d the %s "
                                + "loop needs for %d generations%s; give more data, or ask for fewer generations or a "
                                + "smaller budget",
                        pool.units(),
                        CollapseOptions.name(options.budget().unit()),
                        required,
                        CollapseOptions.name(recursion.loop()),
                        recursion.generations(),
                        settings.recursion().generation0() == Generation0.SAMPLE
                                ? " (with a reference and a generation 0 of the budget each)"
                                : ""));
            }
        }
        return new Context(tokenizer, tokenizer0Set, real, pool, windows, units, settings);
    }

    /**
     * N: the user's, or the most the real corpus can serve: the whole corpus as generation 0 with
     * --gen0 corpus; otherwise shared between the reference, generation 0 and fresh's windows.
     */
    private long resolveBudget(RealCorpus real) {
        if (options.budget().perGeneration() != null) {
            return options.budget().perGeneration();
        }
        long units = options.budget().unit() == CollapseOptions.Unit.TOKENS
                ? real.training()
                        .selectExpr("CAST(coalesce(sum(size(ids)), 0) AS BIGINT)")
                        .first()
                        .getLong(0)
                : real.training().count();
        double fresh = recursion.loop() == Loop.FRESH ? recursion.generations() * recursion.realFraction() : 0;
        if (recursion.generation0() == Generation0.SAMPLE) {
            return (long) Math.floor(units / (2 + fresh));
        }
        return recursion.loop() == Loop.FRESH ? (long) Math.floor(units / (1 + fresh)) : units;
    }

    /**
     * RUN/theory.json, when the run is in the regime of {@link CollapseTheory}: each replicate's
     * generation 0 and the real data its loop mixes in (augment's fixed set, fresh's pool).
     */
    private void writeTheoryInputs(Context context, CorpusStatistics statistics0) throws IOException {
        if (!CollapseTheory.applies(recursion.order(), recursion.smoothing(), recursion.bias())
                || options.budget().unit() != CollapseOptions.Unit.TOKENS
                || options.tokenizer().mode() != CollapseOptions.TokenizerMode.FIXED) {
            return;
        }
        Map<Integer, TokenFrequencies> real = switch (recursion.loop()) {
            case AUGMENT -> UnigramCounts.of(fixedRealSet(context));
            case FRESH -> UnigramCounts.of(context.real().training().javaRDD());
            default -> Map.of();
        };
        Map<Integer, CollapseTheory.Start> starts = new TreeMap<>();
        for (int r = 0; r < recursion.replicates(); r++) {
            // generation 0 is per replicate exactly where the reference is (it is the reference with --gen0 corpus)
            TokenFrequencies generation0 =
                    statistics0.summary(referenceSlot(context, r)).frequencies();
            TokenFrequencies mixed = real.get(real.containsKey(r) ? r : CorpusTable.SHARED);
            starts.put(r, CollapseTheory.Start.of(generation0, mixed));
        }
        TheoryInputs inputs =
                new TheoryInputs(recursion.loop(), recursion.realFraction(), context.unitsPerGeneration(), starts);
        dir.replace(TheoryInputs.FILE, JsonFiles.toJson(inputs).getBytes(StandardCharsets.UTF_8));
    }

    /** Augment's fixed real set: a sampled generation 0's first aN units, or aN units of the corpus shared by every replicate. */
    private JavaRDD<CorpusDocument> fixedRealSet(Context context) {
        long size = context.settings().realTokensPerGeneration();
        long from = context.windows() != null ? context.windows().from(0) : 0;
        return context.pool().range(from, from + size, recursion.replicates(), context.tokenizer0Set());
    }

    // ---- generations 1.. ----------------------------------------------------------------------

    /** Generation g: sample it, train its tokenizers and models, count and measure it, commit it. */
    private Previous generation(int g, Context context, Reference reference, Previous previous) throws IOException {
        long started = System.nanoTime();
        StageClock clock = new StageClock(LOG, "collapse generation " + g);
        sample(g, context, reference, previous, clock);
        Broadcast<TokenizerSet> tokenizers = tokenizers(g, context, clock);
        Broadcast<LanguageModels> models = trainModels(g, context, tokenizers, clock);
        CorpusStatistics statistics = countCorpus(g, context, reference, previous, clock);
        return finish(
                g,
                context,
                reference,
                previous.history(),
                new Built(statistics, models, tokenizers),
                null,
                started,
                clock);
    }

    /**
     * Writes generation g's new documents: sampled from the previous generation's models, with the
     * real data the loop mixes in; then lets go of what only sampling needed.
     */
    private void sample(int g, Context context, Reference reference, Previous previous, StageClock clock) {
        spark.sparkContext().setJobDescription("collapse generation " + g + ": sample");
        CollapseSettings settings = context.settings();
        SyntheticSampler sampler = new SyntheticSampler(jsc, options);
        Broadcast<TokenizerSet> tokenizer0Set = context.tokenizer0Set();
        JavaRDD<CorpusDocument> synthetic = sampler.sample(
                g,
                settings.syntheticTokensPerGeneration(),
                previous.meanDocumentTokens(),
                previous.models(),
                previous.tokenizers(),
                previous.tokenizers() == tokenizer0Set ? null : tokenizer0Set);
        JavaRDD<CorpusDocument> added = switch (recursion.loop()) {
            case AUGMENT -> fixedRealSet(context).union(synthetic);
            case FRESH ->
                context.pool()
                        .window(context.windows(), g, recursion.replicates(), tokenizer0Set)
                        .union(synthetic);
            default -> synthetic;
        };
        CorpusTable.write(spark.createDataset(added.rdd(), CorpusTable.ENCODER), dir.corpus(g));
        sampler.release();
        if (previous.models()
                != reference.models()) { // the reference's stay: every generation is measured against them
            previous.models().destroy();
        }
        if (previous.tokenizers() != tokenizer0Set) {
            previous.tokenizers().destroy();
        }
        clock.lap(
                "sample",
                String.format(
                        "%,d synthetic and %,d real %s per replicate",
                        settings.syntheticTokensPerGeneration(),
                        settings.realTokensPerGeneration(),
                        CollapseOptions.name(options.budget().unit())));
    }

    private boolean retrain() {
        return options.tokenizer().mode() == CollapseOptions.TokenizerMode.RETRAIN;
    }

    /** Generation g's tokenizers: generation 0's, or with --tokenizer retrain one trained per replicate. */
    private Broadcast<TokenizerSet> tokenizers(int g, Context context, StageClock clock) throws IOException {
        if (!retrain()) {
            return context.tokenizer0Set();
        }
        spark.sparkContext().setJobDescription("collapse generation " + g + ": train tokenizers");
        Broadcast<TokenizerSet> trained = jsc.broadcast(retrainTokenizers(g));
        clock.lap("tokenizer", recursion.replicates() + " trained");
        return trained;
    }

    /**
     * Generation g's language models, from the counts of what it trains on (under its tokenizers);
     * accumulate with a fixed tokenizer adds the new documents' counts to generation g - 1's.
     */
    private Broadcast<LanguageModels> trainModels(
            int g, Context context, Broadcast<TokenizerSet> tokenizers, StageClock clock) {
        spark.sparkContext().setJobDescription("collapse generation " + g + ": train models");
        if (recursion.loop() == Loop.ACCUMULATE && !retrain()) {
            LanguageModels.countAdding(
                    spark,
                    CorpusTable.read(spark, dir.corpus(g)),
                    dir.ngrams(g - 1),
                    recursion.order(),
                    recursion.replicates(),
                    dir.ngrams(g));
            clock.lap("count model n-grams", dir.ngrams(g) + " (generation " + (g - 1) + "'s and the new documents')");
            return jsc.broadcast(buildModels(dir.ngrams(g), "generation " + g, clock));
        }
        Dataset<CorpusDocument> training = trainingCorpus(g, context);
        return jsc.broadcast(countAndBuildModels(
                retrain() ? retokenize(training, tokenizers) : training, dir.ngrams(g), "generation " + g, clock));
    }

    /**
     * Generation g's corpus counts, scored under the reference's models: of what it trains on, or
     * for accumulate generation g - 1's counts with the new documents added.
     */
    private CorpusStatistics countCorpus(
            int g, Context context, Reference reference, Previous previous, StageClock clock) {
        spark.sparkContext().setJobDescription("collapse generation " + g + ": count the corpus");
        CorpusStatistics statistics;
        if (previous.accumulated() != null) {
            statistics = previous.accumulated()
                    .plus(
                            CorpusTable.read(spark, dir.corpus(g)),
                            recursion.replicates(),
                            CorpusStatistics.Kept.ALL,
                            reference.models());
            if (previous.accumulated() != reference.statistics()) {
                previous.accumulated().release();
            }
        } else {
            statistics = count(trainingCorpus(g, context), reference);
        }
        lapCounted(clock);
        return statistics;
    }

    /** The corpus generation g trains on: its new documents, and for accumulate every earlier generation's too. */
    private Dataset<CorpusDocument> trainingCorpus(int g, Context context) {
        Dataset<CorpusDocument> added = CorpusTable.read(spark, dir.corpus(g));
        if (recursion.loop() != Loop.ACCUMULATE) {
            return added;
        }
        int replicates = recursion.replicates();
        Dataset<CorpusDocument> all = CorpusTable.read(spark, dir.corpus(0));
        if (!context.sampled()) { // the whole corpus, shared: one copy per replicate
            all = all.flatMap(
                    (FlatMapFunction<CorpusDocument, CorpusDocument>) d -> IntStream.range(0, replicates)
                            .mapToObj(d::inReplicate)
                            .iterator(),
                    CorpusTable.ENCODER);
        }
        for (int earlier = 1; earlier < g; earlier++) {
            all = all.unionByName(CorpusTable.read(spark, dir.corpus(earlier)));
        }
        return all.unionByName(added);
    }

    /**
     * One tokenizer per replicate, trained on the text of what that replicate's generation g
     * trains on: all replicates in one distributed pass, the replicate part of every count's key.
     */
    private TokenizerSet retrainTokenizers(int g) throws IOException {
        List<PieceModel> trained = TokenizerTraining.trainReplicates(
                spark, trainedOn(g), recursion.replicates(), options.tokenizer().vocabSize());
        for (int r = 0; r < trained.size(); r++) {
            ModelFiles.write(trained.get(r), dir.tokenizer(g, r), dir.conf());
        }
        return TokenizerSet.of(trained);
    }

    /** The corpus folders generation g trains on: its own, and for accumulate every earlier one. */
    private List<String> trainedOn(int g) {
        List<String> corpora = new ArrayList<>();
        for (int earlier = recursion.loop() == Loop.ACCUMULATE ? 0 : g; earlier <= g; earlier++) {
            corpora.add(dir.corpus(earlier));
        }
        return corpora;
    }

    private static Dataset<CorpusDocument> retokenize(
            Dataset<CorpusDocument> corpus, Broadcast<TokenizerSet> tokenizers) {
        return corpus.map(
                (MapFunction<CorpusDocument, CorpusDocument>) d -> d.withIds(
                        TokenizerSet.tokenizer(tokenizers, d.getReplicate()).encode(d.getText())),
                CorpusTable.ENCODER);
    }

    private LanguageModels countAndBuildModels(
            Dataset<CorpusDocument> corpus, String ngrams, String what, StageClock clock) {
        LanguageModels.count(corpus, recursion.order(), ngrams);
        clock.lap("count model n-grams", ngrams);
        return buildModels(ngrams, what, clock);
    }

    private LanguageModels buildModels(String ngrams, String what, StageClock clock) {
        LanguageModels built = buildModels(ngrams, what);
        clock.lap(
                "build models",
                String.format("%,d n-grams, %.1f MB", built.distinctNgrams(), built.memoryBytes() / 1e6));
        return built;
    }

    private LanguageModels buildModels(String ngrams, String what) {
        return LanguageModels.build(
                spark, ngrams, recursion.order(), recursion.smoothing(), recursion.replicates(), maxModelBytes(), what);
    }

    // ---- measuring and committing -------------------------------------------------------------

    /**
     * A training corpus's n-gram counts and its loss under the reference's models, in one pass;
     * accumulate keeps every table, to add the next generation's documents.
     */
    private CorpusStatistics count(Dataset<CorpusDocument> corpus, Reference reference) {
        return count(corpus, reference.models());
    }

    private CorpusStatistics count(Dataset<CorpusDocument> corpus, Broadcast<LanguageModels> referenceModels) {
        return CorpusStatistics.of(
                corpus,
                buckets,
                recursion.loop() == Loop.ACCUMULATE ? CorpusStatistics.Kept.ALL : CorpusStatistics.Kept.OVERLAP,
                referenceModels);
    }

    private static void lapCounted(StageClock clock) {
        clock.lap(
                "count corpus n-grams",
                "n = 1.." + CorpusMetrics.MAX_DISTINCT_N + ", and the corpus under the reference's model");
    }

    /**
     * Measures generation g against the reference, writes its metrics and record, commits it and
     * returns it as the generation the next one samples from.
     *
     * @param history the metrics of generations 0 .. g - 1
     * @param input   generation 0's input counts; null for later generations
     */
    private Previous finish(
            int g,
            Context context,
            Reference reference,
            List<MetricsRow> history,
            Built generation,
            InputCounts input,
            long started,
            StageClock clock)
            throws IOException {
        CorpusStatistics statistics = generation.statistics();
        Broadcast<LanguageModels> built = generation.models();
        Broadcast<TokenizerSet> tokenizersG = generation.tokenizers();
        List<Integer> slots = new ArrayList<>();
        statistics.replicates().forEach(slots::add);
        slots.sort(Comparator.naturalOrder());
        Map<Integer, NgramOverlap.Scores> overlap = statistics.overlapWith(reference.statistics());
        clock.lap("overlap", "n = " + NgramOverlap.DEFAULT_N + " against the reference");
        Map<Integer, ModelMeasurer.Heldout> heldout =
                ModelMeasurer.heldout(context.real().heldout(), slots, built, tokenizersG);
        clock.lap("perplexities", "held-out text");
        long distinctNgrams = built.value().distinctNgrams();

        List<MetricsRow> rows = new ArrayList<>();
        long documents = 0;
        long tokens = 0;
        for (int slot : slots) {
            CorpusStatistics.Summary s = statistics.summary(slot);
            CorpusMetrics corpusMetrics = CorpusMetrics.of(
                    (int) s.documents(),
                    s.frequencies(),
                    reference.statistics().summary(referenceSlot(context, slot)).frequencies(),
                    s.distinctRatios(),
                    overlap.get(slot));
            ModelMeasurer.Heldout h = heldout.getOrDefault(slot, ModelMeasurer.Heldout.ZERO);
            ModelMetrics modelMetrics = new ModelMetrics(
                    h.loss().perplexity(),
                    h.loss().outOfVocabularyRate(),
                    s.loss().perplexity(),
                    VocabularyOverlap.shareKept(
                            context.tokenizer0(), tokenizersG.value().model(slot)),
                    h.bytesPerToken());
            documents += s.documents();
            tokens += s.frequencies().total();
            for (int r : slot == CorpusTable.SHARED
                    ? IntStream.range(0, recursion.replicates()).boxed().toList()
                    : List.of(slot)) {
                rows.add(new MetricsRow(r, g, corpusMetrics, modelMetrics));
            }
        }
        spark.createDataFrame(rows.stream().map(MetricsRow::toRow).toList(), MetricsRow.SCHEMA)
                .coalesce(1)
                .write()
                .parquet(dir.generation(g) + "/metrics");
        CollapseSettings settings = context.settings();
        GenerationRecord record = new GenerationRecord(
                g,
                CollapseOptions.name(options.budget().unit()),
                context.unitsPerGeneration(),
                g == 0 ? 0 : settings.realTokensPerGeneration(),
                g == 0 ? 0 : settings.syntheticTokensPerGeneration(),
                documents,
                tokens,
                documents == 0 ? 0 : (double) tokens / documents,
                distinctNgrams,
                built.value().memoryBytes(),
                input == null ? null : input.read(),
                input == null ? null : input.quarantined(),
                input == null ? null : input.heldoutDocuments(),
                clock.seconds(),
                (System.nanoTime() - started) / 1e9);
        dir.commit(g, record);

        List<MetricsRow> committed = new ArrayList<>(history);
        committed.addAll(rows);
        writeTables(committed);
        LOG.info("collapse: {} of {}; {}", record.describe(), recursion.generations(), headline(rows));
        CorpusStatistics accumulated = null;
        if (recursion.loop() == Loop.ACCUMULATE) {
            accumulated = statistics;
        } else if (statistics != reference.statistics()) {
            statistics.release();
        }
        return new Previous(built, tokenizersG, record.meanDocumentTokens(), accumulated, committed);
    }

    /** The reference's replicate for a slot: its own when sampled (and for fresh), else the one shared corpus. */
    private int referenceSlot(Context context, int slot) {
        return context.sampled() || recursion.loop() == Loop.FRESH ? slot : CorpusTable.SHARED;
    }

    private static String headline(List<MetricsRow> rows) {
        double gini = rows.stream()
                .mapToDouble(r -> r.corpus().giniSimpson())
                .average()
                .orElse(Double.NaN);
        double types =
                rows.stream().mapToDouble(r -> r.corpus().types()).average().orElse(Double.NaN);
        double js = rows.stream()
                .mapToDouble(r -> r.corpus().jsToReference())
                .average()
                .orElse(Double.NaN);
        return String.format(
                "mean over replicates: types %.1f, gini_simpson %.5f, js_to_reference %.5f", types, gini, js);
    }

    /** DIR/metrics (Parquet), DIR/metrics.csv and DIR/report.html from every committed generation. */
    private void writeTables(List<MetricsRow> metrics) throws IOException {
        List<MetricsRow> sorted = new ArrayList<>(metrics);
        sorted.sort(Comparator.comparingInt(MetricsRow::replicate).thenComparingInt(MetricsRow::generation));
        spark.createDataFrame(sorted.stream().map(MetricsRow::toRow).toList(), MetricsRow.SCHEMA)
                .coalesce(1)
                .write()
                .mode("overwrite")
                .parquet(options.output() + "/metrics");
        StringBuilder csv = new StringBuilder(MetricsRow.csvHeader()).append('\n');
        sorted.forEach(r -> csv.append(r.csvLine()).append('\n'));
        dir.replace(ReportedRun.METRICS_FILE, csv.toString().getBytes(StandardCharsets.UTF_8));
        ReportPage.write(List.of(options.output()), options.output() + "/" + REPORT_FILE, dir.conf());
    }

    // ---- resuming -----------------------------------------------------------------------------

    private Reference loadReference(Context context) {
        if (context.sampled()) {
            return new Reference(
                    CorpusStatistics.of(
                            CorpusTable.read(spark, dir.reference()), buckets, CorpusStatistics.Kept.OVERLAP, null),
                    jsc.broadcast(buildModels(dir.referenceNgrams(), "the reference")));
        }
        Broadcast<LanguageModels> models0 = jsc.broadcast(buildModels(dir.ngrams(0), "generation 0"));
        return new Reference(count(CorpusTable.read(spark, dir.corpus(0)), models0), models0);
    }

    /** The last committed generation's state, and every committed generation's metrics, from the run folder. */
    private Previous resume(Context context, Reference reference, int committed) throws IOException {
        GenerationRecord record0 = dir.record(0);
        if (context.unitsPerGeneration() != record0.unitsPerGeneration()) {
            throw new UserError("output " + options.output() + ": generation 0 was made with N = "
                    + record0.unitsPerGeneration() + ", now " + context.unitsPerGeneration()
                    + ": the real corpus changed; start again with --overwrite");
        }
        int last = committed - 1;
        Broadcast<LanguageModels> models = last == 0 && !context.sampled()
                ? reference.models()
                : jsc.broadcast(buildModels(dir.ngrams(last), "generation " + last));
        Broadcast<TokenizerSet> tokenizers =
                last > 0 && options.tokenizer().mode() == CollapseOptions.TokenizerMode.RETRAIN
                        ? jsc.broadcast(readTokenizers(last))
                        : context.tokenizer0Set();
        List<MetricsRow> history = new ArrayList<>();
        for (int g = 0; g < committed; g++) {
            List<Row> rows =
                    RunDirectory.table(spark, dir.generation(g) + "/metrics").collectAsList();
            if (rows.size() != recursion.replicates()) {
                throw dir.damaged(
                        "gen=" + g + "/metrics",
                        new IllegalStateException(
                                rows.size() + " rows, one per replicate expected (" + recursion.replicates() + ")"));
            }
            rows.forEach(row -> history.add(MetricsRow.fromRow(row)));
        }
        CorpusStatistics accumulated = null;
        if (recursion.loop() == Loop.ACCUMULATE) { // counted once, then added to as before
            accumulated = last == 0 && !context.sampled()
                    ? reference.statistics()
                    : count(trainingCorpus(last, context), reference);
        }
        return new Previous(models, tokenizers, dir.record(last).meanDocumentTokens(), accumulated, history);
    }

    private TokenizerSet readTokenizers(int g) throws IOException {
        List<PieceModel> models = new ArrayList<>();
        for (int r = 0; r < recursion.replicates(); r++) {
            models.add(ModelFiles.read(dir.tokenizer(g, r), dir.conf()));
        }
        return TokenizerSet.of(models);
    }

    /** The bound on one generation's models: the user's, or 40% of the smaller of the driver's and an executor's heap. */
    private long maxModelBytes() {
        if (options.maxModelMegabytes() > 0) {
            return options.maxModelMegabytes() << 20;
        }
        long driver = Runtime.getRuntime().maxMemory();
        long executor = spark.sparkContext().isLocal()
                ? driver
                : spark.sparkContext().getConf().getSizeAsBytes("spark.executor.memory", "1g");
        return (long) (0.4 * Math.min(driver, executor));
    }
}
