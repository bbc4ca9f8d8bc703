package dev.piecemill.collapse;

import dev.piecemill.io.JsonFiles;
import dev.piecemill.io.ModelFiles;
import dev.piecemill.io.Quarantine;
import dev.piecemill.lm.LogLoss;
import dev.piecemill.metrics.CorpusMetrics;
import dev.piecemill.metrics.ModelMetrics;
import dev.piecemill.metrics.NgramOverlap;
import dev.piecemill.piece.ModelFile;
import dev.piecemill.piece.PieceModel;
import dev.piecemill.piece.VocabularyOverlap;
import dev.piecemill.report.ReportPage;
import dev.piecemill.report.ReportedRun;
import dev.piecemill.spark.StageClock;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.hadoop.fs.Path;
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
 * Simulates self-consuming generations on Spark. Generation 0 is the real corpus (for fresh, a
 * sample of it per replicate); each later generation samples documents from the previous
 * generation's n-gram models, mixes in real data as the loop says, trains a tokenizer (when
 * retrained) and new models on the result, and measures it. Each generation is committed by its
 * record ({@link RunDirectory}); a run started again resumes after its last committed
 * generation, and the same settings and seed give the same outputs.
 */
public final class CollapseJob {
    private static final Logger LOG = LoggerFactory.getLogger(CollapseJob.class);
    static final String SUMMARY_FILE = "summary.json";
    static final String MODEL_FILE = "model.json";
    static final String REPORT_FILE = "report.html";

    private final SparkSession spark;
    private final JavaSparkContext jsc;
    private final CollapseOptions options;
    private final RunDirectory dir;
    private final List<MetricsRow> metrics = new ArrayList<>();

    // The run's fixed context, from generation 0.
    private PieceModel tokenizer0;
    private Broadcast<TokenizerSet> tokenizer0Set;
    private RealCorpus real;
    private RealPoolTable pool;
    private long unitsPerGeneration;
    private CollapseSettings settings;
    private Broadcast<LanguageModels> models0;
    private CorpusStatistics statistics0;

    // The last committed generation's models and tokenizers (broadcast), which the next one samples from.
    private Broadcast<LanguageModels> models;
    private Broadcast<TokenizerSet> tokenizers;
    private double meanDocumentTokens;

    private CollapseJob(SparkSession spark, CollapseOptions options) throws IOException {
        this.spark = spark;
        this.jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        this.options = options;
        this.dir = new RunDirectory(options.output(), spark.sparkContext().hadoopConfiguration());
    }

    public static CollapseSummary run(SparkSession spark, CollapseOptions options) throws IOException {
        return new CollapseJob(spark, options).run();
    }

    private CollapseSummary run() throws IOException {
        long started = System.nanoTime();
        int committed = dir.open(options.identity(), options.overwrite());
        if (committed > 0) {
            LOG.info("collapse: resuming {} after generation {}", options.output(), committed - 1);
            resume(committed);
        } else {
            generationZero();
        }
        int resumedAt = committed;
        for (int g = Math.max(1, committed); g <= options.generations(); g++) {
            generation(g);
        }
        CollapseSummary summary = new CollapseSummary(options.output(), CollapseOptions.name(options.loop()),
                options.generations(), options.replicates(), resumedAt, unitsPerGeneration,
                CollapseOptions.name(options.unit()), options.output() + "/" + REPORT_FILE,
                (System.nanoTime() - started) / 1e9);
        JsonFiles.write(summary, options.output() + "/" + SUMMARY_FILE, dir.conf());
        return summary;
    }

    // ---- generation 0 -------------------------------------------------------------------------

    private void generationZero() throws IOException {
        long started = System.nanoTime();
        StageClock clock = new StageClock(LOG, "collapse generation 0");
        spark.sparkContext().setJobDescription("collapse generation 0: read the real corpus");
        String folder = dir.generation(0);
        String texts = folder + "/" + RealCorpus.TRAINING_TEXT;
        RealCorpus.Counts counts = RealCorpus.readInput(spark, options, texts, folder + "/" + Quarantine.FOLDER);
        clock.lap("read", String.format("%,d records read, %,d quarantined", counts.recordsRead(), counts.quarantined()));
        if (counts.documents() == 0) {
            throw new IllegalArgumentException("the input " + options.corpus().inputs() + " holds no document ("
                    + counts.recordsRead() + " records read, " + counts.quarantined() + " quarantined)");
        }
        PieceModel tokenizer = options.model() != null
                ? ModelFiles.read(options.model(), dir.conf())
                : TokenizerTraining.train(spark, List.of(RealCorpus.trainingTexts(texts)), folder + "/tokenizer",
                        options.vocabSize());
        writeModel(tokenizer, folder + "/tokenizer/" + MODEL_FILE);
        clock.lap("tokenizer", String.format("%,d pieces", tokenizer.pieceCount()));
        RealCorpus.tokenize(spark, texts, tokenizer, folder + "/" + realFolder(), folder + "/heldout");
        dir.delete(texts);
        clock.lap("tokenize", folder);
        setUpRun(folder, tokenizer);

        if (options.loop() == Loop.FRESH) {
            CorpusTable.write(spark.createDataset(pool.window(freshWindows(), 0, options.replicates(), tokenizer0Set).rdd(),
                    CorpusTable.ENCODER), folder + "/corpus");
        }
        Dataset<CorpusDocument> corpus = CorpusTable.read(spark, folder + "/corpus");
        long heldoutDocuments = real.heldout().count();
        clock.lap("corpus", String.format("%,d documents held out; N = %,d %s per generation", heldoutDocuments,
                unitsPerGeneration, CollapseOptions.name(options.unit())));
        models0 = jsc.broadcast(countAndBuildModels(corpus, folder, 0, clock));
        statistics0 = CorpusStatistics.of(corpus);
        clock.lap("count corpus n-grams", "n = 1.." + CorpusMetrics.MAX_DISTINCT_N);
        finish(0, folder, corpus, statistics0, models0, tokenizer0Set, started, clock, counts.recordsRead(),
                counts.quarantined(), heldoutDocuments);
    }

    /** Where generation 0 keeps the real training documents: its corpus, or (fresh) the pool its corpus is drawn from. */
    private String realFolder() {
        return options.loop() == Loop.FRESH ? "real" : "corpus";
    }

    /** The run's fixed context from generation 0's folder: tokenizer, real data, budget, pool. */
    private void setUpRun(String generation0, PieceModel tokenizer) throws IOException {
        tokenizer0 = tokenizer;
        tokenizer0Set = jsc.broadcast(TokenizerSet.shared(tokenizer, options.replicates()));
        real = RealCorpus.load(spark, generation0 + "/" + realFolder(), generation0 + "/heldout");
        if (real.training().isEmpty()) {
            throw new IllegalArgumentException("the input " + options.corpus().inputs() + " holds no training document ("
                    + real.heldout().count() + " held out by --heldout-fraction " + options.heldoutFraction()
                    + "): nothing to train generation 0's model on");
        }
        unitsPerGeneration = resolveBudget();
        settings = options.settings(unitsPerGeneration);
        if (options.loop().mixesRealData()) {
            pool = RealPoolTable.build(real.training().javaRDD(), options);
            long required = options.loop() == Loop.FRESH ? freshWindows().required(options.generations())
                    : settings.realTokensPerGeneration();
            if (pool.units() < required) {
                throw new IllegalArgumentException(String.format("the real corpus holds %,d %s, fewer than the %,d the %s "
                                + "loop needs for %d generations; give more data, or ask for fewer generations or a "
                                + "smaller budget", pool.units(), CollapseOptions.name(options.unit()), required,
                        CollapseOptions.name(options.loop()), options.generations()));
            }
        }
    }

    /** N: the user's, or the real corpus's size (fresh: the most its pool can serve for every generation). */
    private long resolveBudget() {
        if (options.perGeneration() > 0) {
            return options.perGeneration();
        }
        long units = options.unit() == CollapseOptions.Unit.TOKENS
                ? real.training().selectExpr("CAST(coalesce(sum(size(ids)), 0) AS BIGINT)").first().getLong(0)
                : real.training().count();
        if (options.loop() != Loop.FRESH) {
            return units;
        }
        return (long) Math.floor(units / (1 + options.generations() * options.realFraction()));
    }

    private PoolWindows freshWindows() {
        return new PoolWindows(unitsPerGeneration, settings.realTokensPerGeneration());
    }

    private PoolWindows fixedRealWindow() {
        return new PoolWindows(settings.realTokensPerGeneration(), 0);
    }

    // ---- generations 1.. ----------------------------------------------------------------------

    private void generation(int g) throws IOException {
        long started = System.nanoTime();
        StageClock clock = new StageClock(LOG, "collapse generation " + g);
        String folder = dir.generation(g);
        spark.sparkContext().setJobDescription("collapse generation " + g + ": sample");
        SyntheticSampler sampler = new SyntheticSampler(jsc, options);
        JavaRDD<CorpusDocument> synthetic = sampler.sample(g, settings.syntheticTokensPerGeneration(),
                meanDocumentTokens, models, tokenizers, tokenizers == tokenizer0Set ? null : tokenizer0Set);
        JavaRDD<CorpusDocument> added = switch (options.loop()) {
            case AUGMENT -> pool.window(fixedRealWindow(), 0, options.replicates(), tokenizer0Set).union(synthetic);
            case FRESH -> pool.window(freshWindows(), g, options.replicates(), tokenizer0Set).union(synthetic);
            default -> synthetic;
        };
        CorpusTable.write(spark.createDataset(added.rdd(), CorpusTable.ENCODER), folder + "/corpus");
        sampler.release();
        if (models != models0) { // generation 0's stay: every generation is measured against them
            models.destroy();
        }
        if (tokenizers != tokenizer0Set) {
            tokenizers.destroy();
        }
        clock.lap("sample", String.format("%,d synthetic and %,d real %s per replicate",
                settings.syntheticTokensPerGeneration(), settings.realTokensPerGeneration(),
                CollapseOptions.name(options.unit())));

        spark.sparkContext().setJobDescription("collapse generation " + g + ": train");
        Dataset<CorpusDocument> training = trainingCorpus(g, folder);
        boolean retrain = options.tokenizer() == CollapseOptions.TokenizerMode.RETRAIN;
        Broadcast<TokenizerSet> tokenizersG = tokenizer0Set;
        if (retrain) {
            tokenizersG = jsc.broadcast(retrainTokenizers(g, folder));
            clock.lap("tokenizer", options.replicates() + " trained");
        }
        Broadcast<LanguageModels> built = jsc.broadcast(countAndBuildModels(
                retrain ? retokenize(training, tokenizersG) : training, folder, g, clock));

        spark.sparkContext().setJobDescription("collapse generation " + g + ": measure");
        CorpusStatistics statistics = CorpusStatistics.of(training);
        clock.lap("count corpus n-grams", "n = 1.." + CorpusMetrics.MAX_DISTINCT_N);
        finish(g, folder, training, statistics, built, tokenizersG, started, clock, null, null, null);
        statistics.release();
    }

    /** The corpus generation g trains on: its new documents, and for accumulate every earlier generation's too. */
    private Dataset<CorpusDocument> trainingCorpus(int g, String folder) {
        Dataset<CorpusDocument> added = CorpusTable.read(spark, folder + "/corpus");
        if (options.loop() != Loop.ACCUMULATE) {
            return added;
        }
        int replicates = options.replicates();
        Dataset<CorpusDocument> all = CorpusTable.read(spark, dir.generation(0) + "/corpus")
                .flatMap((FlatMapFunction<CorpusDocument, CorpusDocument>) d ->
                        IntStream.range(0, replicates).mapToObj(d::inReplicate).iterator(), CorpusTable.ENCODER);
        for (int earlier = 1; earlier < g; earlier++) {
            all = all.unionByName(CorpusTable.read(spark, dir.generation(earlier) + "/corpus"));
        }
        return all.unionByName(added);
    }

    /** One tokenizer per replicate, trained on the text of what that replicate's generation g trains on. */
    private TokenizerSet retrainTokenizers(int g, String folder) throws IOException {
        List<PieceModel> trained = new ArrayList<>();
        for (int r = 0; r < options.replicates(); r++) {
            List<String> inputs = new ArrayList<>();
            if (options.loop() == Loop.ACCUMULATE) {
                inputs.add(CorpusTable.replicatePath(dir.generation(0) + "/corpus", CorpusTable.SHARED));
                for (int earlier = 1; earlier < g; earlier++) {
                    inputs.add(CorpusTable.replicatePath(dir.generation(earlier) + "/corpus", r));
                }
            }
            inputs.add(CorpusTable.replicatePath(folder + "/corpus", r));
            String output = folder + "/tokenizer/replicate=" + r;
            PieceModel model = TokenizerTraining.train(spark, inputs, output, options.vocabSize());
            writeModel(model, output + "/" + MODEL_FILE);
            trained.add(model);
        }
        return TokenizerSet.of(trained);
    }

    private static Dataset<CorpusDocument> retokenize(Dataset<CorpusDocument> corpus, Broadcast<TokenizerSet> tokenizers) {
        return corpus.map((MapFunction<CorpusDocument, CorpusDocument>) d ->
                d.withIds(TokenizerSet.tokenizer(tokenizers, d.getReplicate()).encode(d.getText())), CorpusTable.ENCODER);
    }

    private LanguageModels countAndBuildModels(Dataset<CorpusDocument> corpus, String folder, int g, StageClock clock) {
        LanguageModels.count(corpus, options.order(), folder + "/ngrams");
        clock.lap("count model n-grams", folder + "/ngrams");
        LanguageModels built = LanguageModels.build(spark, folder + "/ngrams", options.order(), options.smoothing(),
                options.replicates(), maxModelBytes(), "generation " + g);
        clock.lap("build models", String.format("%,d n-grams, %.1f MB", built.distinctNgrams(), built.memoryBytes() / 1e6));
        return built;
    }

    // ---- measuring and committing -------------------------------------------------------------

    /**
     * Measures generation g, writes its metrics and record, commits it and makes its models the
     * ones the next generation samples from.
     */
    private void finish(int g, String folder, Dataset<CorpusDocument> training, CorpusStatistics statistics,
                        Broadcast<LanguageModels> built, Broadcast<TokenizerSet> tokenizersG, long started,
                        StageClock clock, Long recordsRead, Long quarantined, Long heldoutDocuments) throws IOException {
        List<Integer> slots = new ArrayList<>();
        statistics.replicates().forEach(slots::add);
        slots.sort(Comparator.naturalOrder());
        Map<Integer, NgramOverlap.Scores> overlap = statistics.overlapWith(statistics0);
        clock.lap("overlap", "n = " + NgramOverlap.DEFAULT_N + " against generation 0");
        Map<Integer, ModelMeasurer.Heldout> heldout = ModelMeasurer.heldout(real.heldout(), slots, built, tokenizersG);
        Map<Integer, LogLoss> underGen0 = ModelMeasurer.underModel(training, models0);
        clock.lap("perplexities", "held-out text, and this corpus under generation 0's model");
        long distinctNgrams = built.value().distinctNgrams();

        List<MetricsRow> rows = new ArrayList<>();
        long documents = 0;
        long tokens = 0;
        for (int slot : slots) {
            CorpusStatistics.Summary s = statistics.summary(slot);
            CorpusMetrics corpusMetrics = CorpusMetrics.of((int) s.documents(), s.frequencies(),
                    statistics0.summary(slot0(slot)).frequencies(), s.distinctRatios(), overlap.get(slot));
            ModelMeasurer.Heldout h = heldout.getOrDefault(slot, ModelMeasurer.Heldout.ZERO);
            ModelMetrics modelMetrics = new ModelMetrics(h.loss().perplexity(), h.loss().outOfVocabularyRate(),
                    underGen0.getOrDefault(slot, LogLoss.ZERO).perplexity(),
                    VocabularyOverlap.shareKept(tokenizer0, tokenizersG.value().model(slot)), h.bytesPerToken());
            documents += s.documents();
            tokens += s.frequencies().total();
            for (int r : slot == CorpusTable.SHARED ? IntStream.range(0, options.replicates()).boxed().toList() : List.of(slot)) {
                rows.add(new MetricsRow(r, g, corpusMetrics, modelMetrics));
            }
        }
        spark.createDataFrame(rows.stream().map(MetricsRow::toRow).toList(), MetricsRow.SCHEMA)
                .coalesce(1).write().parquet(folder + "/metrics");
        GenerationRecord record = new GenerationRecord(g, CollapseOptions.name(options.unit()), unitsPerGeneration,
                g == 0 ? 0 : settings.realTokensPerGeneration(), g == 0 ? 0 : settings.syntheticTokensPerGeneration(),
                documents, tokens, documents == 0 ? 0 : (double) tokens / documents, distinctNgrams, built.value().memoryBytes(),
                recordsRead, quarantined, heldoutDocuments, clock.seconds(), (System.nanoTime() - started) / 1e9);
        dir.commit(g, record);

        metrics.addAll(rows);
        models = built;
        tokenizers = tokenizersG;
        meanDocumentTokens = record.meanDocumentTokens();
        writeTables();
        LOG.info("collapse: {} of {}; {}", record.describe(), options.generations(), headline(rows));
    }

    /** Generation 0's statistics for a replicate: its own (fresh) or the shared corpus's. */
    private int slot0(int slot) {
        return options.loop() == Loop.FRESH ? slot : CorpusTable.SHARED;
    }

    private static String headline(List<MetricsRow> rows) {
        double gini = rows.stream().mapToDouble(r -> r.corpus().giniSimpson()).average().orElse(Double.NaN);
        double types = rows.stream().mapToDouble(r -> r.corpus().types()).average().orElse(Double.NaN);
        double js = rows.stream().mapToDouble(r -> r.corpus().jsToGen0()).average().orElse(Double.NaN);
        return String.format("mean over replicates: types %.1f, gini_simpson %.5f, js_to_gen0 %.5f", types, gini, js);
    }

    /** DIR/metrics (Parquet), DIR/metrics.csv and DIR/report.html from every committed generation. */
    private void writeTables() throws IOException {
        List<MetricsRow> sorted = new ArrayList<>(metrics);
        sorted.sort(Comparator.comparingInt(MetricsRow::replicate).thenComparingInt(MetricsRow::generation));
        spark.createDataFrame(sorted.stream().map(MetricsRow::toRow).toList(), MetricsRow.SCHEMA)
                .coalesce(1).write().mode("overwrite").parquet(options.output() + "/metrics");
        StringBuilder csv = new StringBuilder(MetricsRow.csvHeader()).append('\n');
        sorted.forEach(r -> csv.append(r.csvLine()).append('\n'));
        dir.replace(ReportedRun.METRICS_FILE, csv.toString().getBytes(StandardCharsets.UTF_8));
        ReportPage.write(List.of(options.output()), options.output() + "/" + REPORT_FILE, dir.conf());
    }

    // ---- resuming -----------------------------------------------------------------------------

    /** Rebuilds the run's context and the last generation's state from the committed folders. */
    private void resume(int committed) throws IOException {
        String zero = dir.generation(0);
        GenerationRecord record0 = readRecord(0);
        setUpRun(zero, ModelFiles.read(zero + "/tokenizer/" + MODEL_FILE, dir.conf()));
        if (unitsPerGeneration != record0.unitsPerGeneration()) {
            throw new IllegalStateException("generation 0 was made with N = " + record0.unitsPerGeneration()
                    + ", now " + unitsPerGeneration + ": the real corpus changed; start again with --overwrite");
        }
        models0 = jsc.broadcast(LanguageModels.build(spark, zero + "/ngrams", options.order(), options.smoothing(),
                options.replicates(), maxModelBytes(), "generation 0"));
        statistics0 = CorpusStatistics.of(CorpusTable.read(spark, zero + "/corpus"));
        int last = committed - 1;
        models = last == 0 ? models0 : jsc.broadcast(LanguageModels.build(spark, dir.generation(last) + "/ngrams",
                options.order(), options.smoothing(), options.replicates(), maxModelBytes(), "generation " + last));
        tokenizers = last > 0 && options.tokenizer() == CollapseOptions.TokenizerMode.RETRAIN
                ? jsc.broadcast(readTokenizers(last)) : tokenizer0Set;
        meanDocumentTokens = readRecord(last).meanDocumentTokens();
        for (int g = 0; g < committed; g++) {
            for (Row row : spark.read().parquet(dir.generation(g) + "/metrics").collectAsList()) {
                metrics.add(MetricsRow.fromRow(row));
            }
        }
    }

    private TokenizerSet readTokenizers(int g) throws IOException {
        List<PieceModel> models = new ArrayList<>();
        for (int r = 0; r < options.replicates(); r++) {
            models.add(ModelFiles.read(dir.generation(g) + "/tokenizer/replicate=" + r + "/" + MODEL_FILE, dir.conf()));
        }
        return TokenizerSet.of(models);
    }

    private GenerationRecord readRecord(int g) throws IOException {
        Path path = new Path(dir.generation(g), RunDirectory.GENERATION_FILE);
        try (InputStream in = path.getFileSystem(dir.conf()).open(path)) {
            return JsonFiles.MAPPER.readValue(in, GenerationRecord.class);
        }
    }

    private void writeModel(PieceModel model, String path) throws IOException {
        Path p = new Path(path);
        try (OutputStream out = p.getFileSystem(dir.conf()).create(p, true)) {
            ModelFile.write(model, out);
        }
    }

    /** The bound on one generation's models: the user's, or 40% of the smaller of the driver's and an executor's heap. */
    private long maxModelBytes() {
        if (options.maxModelMegabytes() > 0) {
            return options.maxModelMegabytes() << 20;
        }
        long driver = Runtime.getRuntime().maxMemory();
        long executor = spark.sparkContext().isLocal() ? driver
                : spark.sparkContext().getConf().getSizeAsBytes("spark.executor.memory", "1g");
        return (long) (0.4 * Math.min(driver, executor));
    }
}
