package dev.piecemill.jobs.train;

import dev.piecemill.jobs.io.Corpus;
import dev.piecemill.jobs.io.CorpusRecord;
import dev.piecemill.jobs.io.JsonFiles;
import dev.piecemill.jobs.io.ModelFiles;
import dev.piecemill.jobs.io.OutputGuard;
import dev.piecemill.jobs.io.Quarantine;
import dev.piecemill.jobs.io.RecordCounts;
import dev.piecemill.jobs.io.RecordFilter;
import dev.piecemill.jobs.spark.ExecutorTokenizers;
import dev.piecemill.jobs.spark.StageClock;
import dev.piecemill.piece.PieceModel;
import dev.piecemill.piece.Tokenizer;
import dev.piecemill.unigram.ChunkBlock;
import dev.piecemill.unigram.ChunkLattice;
import dev.piecemill.unigram.CorpusPass;
import dev.piecemill.unigram.PackedCounts;
import dev.piecemill.unigram.PassTotals;
import dev.piecemill.unigram.SeedExtractor;
import dev.piecemill.unigram.SymbolCounts;
import dev.piecemill.unigram.UnigramChunks;
import dev.piecemill.unigram.UnigramOptions;
import dev.piecemill.unigram.UnigramTrainer;
import dev.piecemill.unigram.Vocabulary;
import dev.piecemill.util.ByteString;
import dev.piecemill.util.Seeds;
import dev.piecemill.util.UserError;
import it.unimi.dsi.fastutil.objects.Object2LongMap;
import it.unimi.dsi.fastutil.objects.Object2LongOpenHashMap;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;

/**
 * Trains unigram vocabularies on Spark: read the corpus once into cached blocks of training
 * chunks; extract seed pieces per bucket of documents (a suffix array each) and sum their counts
 * by a shuffle; then rounds of EM whose E-steps run as tasks over the cached blocks, against the
 * broadcast vocabulary, their totals summed exactly; the M-step and pruning run on the driver,
 * which holds only the vocabulary ({@link UnigramTrainer}).
 */
public final class UnigramTrainJob {
    private static final Logger LOG = LoggerFactory.getLogger(UnigramTrainJob.class);
    /** A cached block holds about this much text: small enough to deal evenly over the partitions. */
    private static final int BLOCK_BYTES = 1 << 20;

    private UnigramTrainJob() {}

    public static UnigramTrainSummary run(SparkSession spark, UnigramTrainOptions options) throws IOException {
        long started = System.nanoTime();
        StageClock clock = new StageClock(LOG, "train");
        Configuration hadoopConf = spark.sparkContext().hadoopConfiguration();
        OutputGuard.prepare(options.output(), TrainJob.SUMMARY_FILE, options.overwrite(), hadoopConf);
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());

        Corpus.Source source = Corpus.read(spark, options.corpus());
        Cached corpus = cache(spark, source, options, clock);
        SeedSet seeds = seeds(corpus, options, clock);
        List<UnigramTrainSummary.RoundRecord> rounds = new ArrayList<>();
        CorpusPass training = pass(jsc, corpus.blocks(), options.validationFraction(), false);
        CorpusPass heldOut =
                corpus.validationBytes() > 0 ? pass(jsc, corpus.blocks(), options.validationFraction(), true) : null;
        List<UnigramTrainer.Result> results = new UnigramTrainer(
                        options.trainer(), training, heldOut, round -> logRound(round, rounds))
                .train(seeds.best(), seeds.symbols());
        clock.lap("em", String.format("%d passes", rounds.size()));

        List<UnigramTrainSummary.SizeResult> models = writeModels(jsc, corpus, results, options, hadoopConf);
        if (corpus.counts().records().quarantined() > 0) {
            Quarantine.write(spark, source.records(), options.output() + "/" + Quarantine.FOLDER);
        }
        corpus.blocks().unpersist();
        clock.lap("write models", options.output());

        UnigramTrainSummary summary = UnigramTrainSummary.of(
                options,
                source.files(),
                corpus.counts(),
                corpus.trainingBytes(),
                corpus.validationBytes(),
                seeds.candidates(),
                seeds.buckets(),
                models,
                rounds,
                clock.seconds(),
                (System.nanoTime() - started) / 1e9);
        JsonFiles.write(summary, options.output() + "/" + TrainJob.SUMMARY_FILE, hadoopConf);
        return summary;
    }

    /** The corpus read once, as cached blocks of chunks, with what was read. */
    private record Cached(JavaRDD<ChunkBlock> blocks, ReadCounts counts, long trainingBytes, long validationBytes) {}

    private static Cached cache(
            SparkSession spark, Corpus.Source source, UnigramTrainOptions options, StageClock clock) {
        boolean skip = options.skipBadRecords();
        double validation = options.validationFraction();
        JavaRDD<Part> parts =
                source.records().mapPartitions(records -> read(records, skip)).persist(StorageLevel.MEMORY_AND_DISK());
        ReadCounts counts = parts.map(Part::counts).reduce(ReadCounts::add);
        RecordCounts records = counts.records().requireBalanced("train");
        // Small blocks dealt over twice as many partitions as cores: every pass keeps all cores busy.
        JavaRDD<ChunkBlock> blocks = parts.flatMap(p -> p.blocks().iterator())
                .repartition(2 * spark.sparkContext().defaultParallelism())
                .persist(StorageLevel.MEMORY_AND_DISK());
        long trainingBytes = blocks.map(b -> b.byteCount(validation, false)).reduce(Long::sum);
        parts.unpersist();
        long validationBytes = counts.bytes() - trainingBytes;
        if (trainingBytes == 0) {
            throw new UserError("no text to train on: " + records.describe());
        }
        clock.lap(
                "read",
                String.format(
                        "%,d records: %,d documents (%,d bytes to train on, %,d held out), %,d " + "quarantined",
                        records.read(), records.documents(), trainingBytes, validationBytes, records.quarantined()));
        return new Cached(blocks, counts, trainingBytes, validationBytes);
    }

    /** The first vocabulary's material: the best seeds, how many candidates they were chosen from, byte and character counts. */
    private record SeedSet(
            List<Object2LongMap.Entry<ByteString>> best, int candidates, int buckets, SymbolCounts symbols) {}

    private static SeedSet seeds(Cached corpus, UnigramTrainOptions options, StageClock clock) {
        UnigramOptions trainer = options.trainer();
        double validation = options.validationFraction();
        int buckets =
                (int) Math.max(1, (corpus.trainingBytes() + options.seedBlockBytes() - 1) / options.seedBlockBytes());
        Object2LongOpenHashMap<ByteString> candidates = seedCandidates(corpus.blocks(), trainer, buckets, validation);
        List<Object2LongMap.Entry<ByteString>> best = SeedExtractor.best(candidates, trainer.seedSize());
        SymbolCounts symbols = corpus.blocks()
                .map(b -> {
                    SymbolCounts c = new SymbolCounts();
                    b.addSymbolCounts(c, validation);
                    return c;
                })
                .reduce(SymbolCounts::merge);
        clock.lap(
                "seeds",
                String.format("%,d seeds of %,d candidates from %d buckets", best.size(), candidates.size(), buckets));
        return new SeedSet(best, candidates.size(), buckets, symbols);
    }

    private static void logRound(UnigramTrainer.Round r, List<UnigramTrainSummary.RoundRecord> rounds) {
        rounds.add(new UnigramTrainSummary.RoundRecord(
                r.target(),
                r.stage(),
                r.pieces(),
                orNull(r.logLikelihood()),
                orNull(r.validationBytesPerToken()),
                r.seconds()));
        LOG.info(
                "train: {} {} {}: {} pieces{}{}, {} s",
                r.target(),
                r.stage(),
                rounds.size(),
                String.format("%,d", r.pieces()),
                Double.isNaN(r.logLikelihood()) ? "" : String.format(", log-likelihood %.6e", r.logLikelihood()),
                Double.isNaN(r.validationBytesPerToken())
                        ? ""
                        : String.format(", held out %.3f bytes/token", r.validationBytesPerToken()),
                String.format("%.2f", r.seconds()));
    }

    private static List<UnigramTrainSummary.SizeResult> writeModels(
            JavaSparkContext jsc,
            Cached corpus,
            List<UnigramTrainer.Result> results,
            UnigramTrainOptions options,
            Configuration conf)
            throws IOException {
        List<UnigramTrainSummary.SizeResult> models = new ArrayList<>();
        for (UnigramTrainer.Result r : results) {
            String file = TrainJob.modelPath(options.output(), r.vocabSize());
            ModelFiles.write(r.model(), file, conf);
            Double heldOut = corpus.validationBytes() == 0
                    ? null
                    : heldOutBytesPerToken(jsc, corpus.blocks(), r.model(), options.validationFraction());
            models.add(new UnigramTrainSummary.SizeResult(
                    r.vocabSize(), r.model().pieceCount(), r.tokens(), r.bytesPerToken(), heldOut, file));
        }
        return models;
    }

    /**
     * Seed candidates: per bucket of documents, the best by count x length (a suffix array each);
     * their counts summed in hash partitions, each keeping its best (the overall best are among
     * them, since a string's sum is made in one partition), and only those come to the driver.
     */
    private static Object2LongOpenHashMap<ByteString> seedCandidates(
            JavaRDD<ChunkBlock> blocks, UnigramOptions trainer, int buckets, double validation) {
        int limit = trainer.seedSize();
        List<PackedCounts> best = blocks.flatMapToPair(block -> {
                    List<Tuple2<Integer, ChunkBlock>> out = new ArrayList<>(buckets);
                    for (int b = 0; b < buckets; b++) {
                        ChunkBlock part = block.bucket(b, buckets, validation);
                        if (part.chunkCount() > 0) {
                            out.add(new Tuple2<>(b, part));
                        }
                    }
                    return out.iterator();
                })
                .groupByKey(new HashPartitioner(buckets))
                .flatMapToPair(bucket -> {
                    List<byte[]> chunks = new ArrayList<>();
                    for (ChunkBlock part : bucket._2()) {
                        chunks.addAll(part.chunks(validation, false));
                    }
                    Object2LongOpenHashMap<ByteString> found =
                            new SeedExtractor(trainer.rules()).candidates(chunks, limit);
                    PackedCounts[] split =
                            PackedCounts.of(found.object2LongEntrySet()).split(buckets);
                    List<Tuple2<Integer, PackedCounts>> out = new ArrayList<>(buckets);
                    for (int p = 0; p < buckets; p++) {
                        out.add(new Tuple2<>(p, split[p]));
                    }
                    return out.iterator();
                })
                .groupByKey(new HashPartitioner(buckets))
                .map(partition -> {
                    Object2LongOpenHashMap<ByteString> sums = new Object2LongOpenHashMap<>();
                    for (PackedCounts part : partition._2()) {
                        part.addTo(sums);
                    }
                    return PackedCounts.of(SeedExtractor.best(sums, limit));
                })
                .collect();
        Object2LongOpenHashMap<ByteString> candidates = new Object2LongOpenHashMap<>();
        for (PackedCounts part : best) {
            part.addTo(candidates);
        }
        return candidates;
    }

    /** An E-step as a Spark job: each task sums its blocks' statistics; the totals add up exactly. */
    private static CorpusPass pass(
            JavaSparkContext jsc, JavaRDD<ChunkBlock> blocks, double validation, boolean heldOut) {
        return (vocabulary, kind, sample) -> {
            vocabulary.prepare(); // the trie once on the driver (where local executors share it)
            Broadcast<Vocabulary> shared = jsc.broadcast(vocabulary);
            try {
                return blocks.mapPartitions(part -> {
                            Vocabulary v = shared.value();
                            ChunkLattice lattice = new ChunkLattice(v);
                            PassTotals totals = new PassTotals(v.size(), kind);
                            while (part.hasNext()) {
                                part.next().addTotals(lattice, totals, validation, heldOut, sample);
                            }
                            return List.of(totals).iterator();
                        })
                        .treeReduce(PassTotals::add);
            } finally {
                shared.destroy();
            }
        };
    }

    /** Held-out bytes per token of a finished model, encoded as the tokenizer encodes. */
    private static double heldOutBytesPerToken(
            JavaSparkContext jsc, JavaRDD<ChunkBlock> blocks, PieceModel model, double validation) {
        Broadcast<PieceModel> shared = jsc.broadcast(model);
        long[] bytesAndTokens = blocks.mapPartitions(part -> {
                    Tokenizer tokenizer = ExecutorTokenizers.of(shared);
                    long tokens = 0;
                    long bytes = 0;
                    it.unimi.dsi.fastutil.ints.IntArrayList ids = new it.unimi.dsi.fastutil.ints.IntArrayList();
                    while (part.hasNext()) {
                        for (byte[] chunk : part.next().chunks(validation, true)) {
                            ids.clear();
                            tokenizer.segmentBytes(chunk, 0, chunk.length, ids);
                            tokens += ids.size();
                            bytes += chunk.length;
                        }
                    }
                    return List.of(new long[] {bytes, tokens}).iterator();
                })
                .reduce(UnigramTrainJob::addInto);
        shared.destroy();
        return (double) bytesAndTokens[0] / bytesAndTokens[1];
    }

    private static Double orNull(double x) {
        return Double.isNaN(x) ? null : x;
    }

    private static long[] addInto(long[] total, long[] part) {
        for (int i = 0; i < total.length; i++) {
            total[i] += part[i];
        }
        return total;
    }

    /** A partition read once: its chunks in blocks, and what was read. */
    record Part(List<ChunkBlock> blocks, ReadCounts counts) implements Serializable {}

    /** Reads a partition's records into blocks of chunks keyed by their document's id hash. */
    private static Iterator<Part> read(Iterator<CorpusRecord> records, boolean skipBadRecords) {
        RecordFilter filter = new RecordFilter(skipBadRecords, null, null);
        List<ChunkBlock> blocks = new ArrayList<>();
        ChunkBlock.Builder builder = new ChunkBlock.Builder();
        long read = 0;
        long documents = 0;
        long quarantined = 0;
        long chunks = 0;
        long bytes = 0;
        while (records.hasNext()) {
            read++;
            CorpusRecord.Document doc = filter.accept(records.next());
            if (doc == null) {
                quarantined++;
                continue;
            }
            documents++;
            long key = Seeds.hash64(doc.id());
            for (byte[] chunk : UnigramChunks.of(doc.text())) {
                builder.add(chunk, key);
                chunks++;
                bytes += chunk.length;
            }
            if (builder.bytes() >= BLOCK_BYTES) {
                blocks.add(builder.build());
                builder = new ChunkBlock.Builder();
            }
        }
        if (builder.bytes() > 0) {
            blocks.add(builder.build());
        }
        return List.of(new Part(blocks, new ReadCounts(new RecordCounts(read, documents, quarantined), chunks, bytes)))
                .iterator();
    }
}
