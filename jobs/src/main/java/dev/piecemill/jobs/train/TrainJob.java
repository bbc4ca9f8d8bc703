package dev.piecemill.jobs.train;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.sum;

import dev.piecemill.jobs.io.Corpus;
import dev.piecemill.jobs.io.CorpusRecord;
import dev.piecemill.jobs.io.JsonFiles;
import dev.piecemill.jobs.io.ModelFiles;
import dev.piecemill.jobs.io.OutputGuard;
import dev.piecemill.jobs.io.Quarantine;
import dev.piecemill.jobs.io.RecordFilter;
import dev.piecemill.jobs.spark.StageClock;
import dev.piecemill.piece.PieceModel;
import dev.piecemill.train.ByteNgramModel;
import dev.piecemill.train.PiecePruner;
import dev.piecemill.train.TrainerOptions;
import dev.piecemill.util.ByteString;
import it.unimi.dsi.fastutil.longs.Long2LongOpenHashMap;
import it.unimi.dsi.fastutil.objects.Object2LongOpenHashMap;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;

/**
 * Trains BytePiece vocabularies, distributed: count byte n-grams (a shuffle of primitive blocks
 * sums the tasks' partial counts), prune them into the byte n-gram model and broadcast it, segment the corpus
 * and count pieces (another shuffle), split the dropped pieces into the kept ones on the
 * executors, and finish the pruning on the driver, where only the kept pieces are.
 */
public final class TrainJob {
    private static final Logger LOG = LoggerFactory.getLogger(TrainJob.class);
    public static final String SUMMARY_FILE = "summary.json";

    /** group, piece bytes and count: a pass 2 task's output (OUTPUT/pieces without the group). */
    static final StructType PIECE_COUNTS = new StructType()
            .add("group", DataTypes.IntegerType, false)
            .add("piece", DataTypes.BinaryType, false)
            .add("count", DataTypes.LongType, false);

    private TrainJob() {}

    /** Where each vocabulary goes. */
    public static String modelPath(String output, int vocabSize) {
        return output + "/model-" + vocabSize + ".json";
    }

    public static TrainSummary run(SparkSession spark, TrainOptions options) throws IOException {
        long started = System.nanoTime();
        StageClock clock = new StageClock(LOG, "train");
        Configuration hadoopConf = spark.sparkContext().hadoopConfiguration();
        OutputGuard.prepare(options.output(), SUMMARY_FILE, options.overwrite(), hadoopConf);
        TrainerOptions trainer = options.trainer();
        Corpus.Source source = Corpus.read(spark, options.corpus());
        Passes passes = new Passes(spark, trainer, TrainingGroups.ONE, options.skipBadRecords(), options.mapEntries());

        NgramPass pass1 = passes.countNgrams(source.records(), source.bytes(), clock);
        writeNgrams(spark, pass1.summed().map(TrainPartitions.BucketSums::kept), options.output() + "/ngrams");
        pass1.summed().unpersist();
        clock.lap("write n-grams", options.output() + "/ngrams");
        ByteNgramModel ngramModel = pass1.models()[0];
        ReadCounts read = pass1.read();
        read.records().requireBalanced("train");
        Dataset<Row> pieces = passes.countPieces(source.records(), pass1.models());
        pieces.drop("group").write().parquet(options.output() + "/pieces");
        long piecesCounted = spark.read().parquet(options.output() + "/pieces").count();
        clock.lap("count pieces", String.format("%,d distinct pieces", piecesCounted));
        List<PieceModel> models = passes.prunePieces(pieces, clock).get(0);

        Map<Integer, Integer> piecesPerSize = new LinkedHashMap<>();
        for (int i = 0; i < models.size(); i++) {
            int size = trainer.vocabSizes()[i];
            ModelFiles.write(models.get(i), modelPath(options.output(), size), hadoopConf);
            piecesPerSize.put(size, models.get(i).pieceCount());
        }
        if (read.records().quarantined() > 0) {
            Quarantine.write(spark, source.records(), options.output() + "/" + Quarantine.FOLDER);
        }
        clock.lap("write models", options.output());

        TrainSummary summary = new TrainSummary(
                trainer.order(),
                Arrays.stream(trainer.vocabSizes()).boxed().toList(),
                trainer.maxPieceLength(),
                trainer.minCount(),
                trainer.isolateDigits(),
                trainer.ensureUnicode(),
                source.files(),
                read.records().read(),
                read.records().documents(),
                read.records().quarantined(),
                read.bytes(),
                pass1.distinct()[0],
                ngramModel.size(),
                piecesCounted,
                piecesPerSize,
                clock.seconds(),
                (System.nanoTime() - started) / 1e9);
        JsonFiles.write(summary, options.output() + "/" + SUMMARY_FILE, hadoopConf);
        return summary;
    }

    /**
     * Trains one set of vocabularies (one per size) for each group in the same passes over
     * {@code records}, the group part of every count's key: {@code result.get(g)} is what
     * training on group g's documents alone gives, byte for byte. Writes no tables.
     *
     * @param bytes about how many bytes the records hold (sizes the shuffle)
     */
    public static List<List<PieceModel>> trainGroups(
            SparkSession spark,
            JavaRDD<CorpusRecord> records,
            long bytes,
            TrainingGroups groups,
            TrainerOptions trainer,
            StageClock clock) {
        Passes passes = new Passes(spark, trainer, groups, false, TrainOptions.DEFAULT_MAP_ENTRIES);
        NgramPass pass1 = passes.countNgrams(records, bytes, clock);
        pass1.summed().unpersist();
        pass1.read().records().requireBalanced("tokenizer training");
        Dataset<Row> pieces = passes.countPieces(records, pass1.models());
        clock.lap("count pieces", String.format("%,d distinct pieces in %d groups", pieces.count(), groups.count()));
        return passes.prunePieces(pieces, clock);
    }

    /**
     * Pass 1's results: each group's byte n-gram model, how many distinct n-grams each summed,
     * what was read, and the summed buckets (persisted, for the caller to write or drop).
     */
    private record NgramPass(
            ByteNgramModel[] models, long[] distinct, ReadCounts read, JavaRDD<TrainPartitions.BucketSums> summed) {}

    /** The three passes of training, for the vocabularies of one or several groups. */
    private record Passes(
            SparkSession spark, TrainerOptions trainer, TrainingGroups groups, boolean skipBadRecords, int mapEntries) {

        /**
         * Pass 1: tasks count n-grams and ship primitive blocks to hash buckets (each group its
         * own), where they are summed and pruned; the kept ones come to the driver as each
         * group's byte n-gram model (every executor holds them next). What the tasks read
         * travels with their blocks to the collected result, so no retry or recomputation counts
         * twice.
         */
        NgramPass countNgrams(JavaRDD<CorpusRecord> records, long bytes, StageClock clock) {
            RecordFilter filter = new RecordFilter(skipBadRecords, null, null);
            TrainerOptions trainer = this.trainer;
            TrainingGroups groups = this.groups;
            int mapEntries = this.mapEntries;
            int buckets = ngramBuckets(spark, bytes / groups.count(), trainer, mapEntries);
            int minCount = trainer.minCount();
            JavaRDD<TrainPartitions.BucketSums> summed = records.mapPartitionsToPair(
                            part -> TrainPartitions.countNgrams(part, filter, trainer, groups, mapEntries, buckets))
                    .partitionBy(new HashPartitioner(groups.count() * buckets))
                    .mapPartitionsWithIndex(
                            (bucket, blocks) -> TrainPartitions.sumNgrams(blocks, bucket / buckets, minCount), false)
                    .persist(StorageLevel.MEMORY_AND_DISK());
            Long2LongOpenHashMap[] counts = new Long2LongOpenHashMap[groups.count()];
            long[] distinct = new long[groups.count()];
            for (int g = 0; g < counts.length; g++) {
                counts[g] = new Long2LongOpenHashMap();
            }
            ReadCounts read = ReadCounts.NONE;
            for (TrainPartitions.BucketSums bucket : summed.collect()) {
                long[] pairs = bucket.kept();
                for (int i = 0; i < pairs.length; i += 2) {
                    counts[bucket.group()].put(pairs[i], pairs[i + 1]);
                }
                distinct[bucket.group()] += bucket.distinct();
                read = read.add(bucket.read());
            }
            ByteNgramModel[] models = new ByteNgramModel[counts.length];
            for (int g = 0; g < counts.length; g++) {
                models[g] = ByteNgramModel.fromCounts(counts[g], trainer.order(), trainer.minCount());
                counts[g] = null;
            }
            clock.lap(
                    "count n-grams",
                    String.format(
                            "%,d documents, %,d bytes; %,d distinct n-grams summed in %d "
                                    + "buckets, %,d kept in the model%s",
                            read.records().documents(),
                            read.bytes(),
                            Arrays.stream(distinct).sum(),
                            groups.count() * buckets,
                            Arrays.stream(models)
                                    .mapToLong(ByteNgramModel::size)
                                    .sum(),
                            groups.count() == 1 ? "" : "s of " + groups.count() + " groups"));
            return new NgramPass(models, distinct, read, summed);
        }

        /**
         * Pass 2: the broadcast byte n-gram models segment every chunk, each with its groups'
         * models; (group, piece, count) rows are counted per task and summed by a shuffle. The
         * result stays cached for pruning.
         */
        Dataset<Row> countPieces(JavaRDD<CorpusRecord> records, ByteNgramModel[] ngramModels) {
            Broadcast<ByteNgramModel[]> models =
                    JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(ngramModels);
            RecordFilter rereadFilter = new RecordFilter(skipBadRecords, null, null); // counted in pass 1
            TrainerOptions trainer = this.trainer;
            TrainingGroups groups = this.groups;
            int mapEntries = this.mapEntries;
            return spark.createDataFrame(
                            records.mapPartitions(part -> TrainPartitions.countPieces(
                                    part, rereadFilter, trainer, groups, models, mapEntries)),
                            PIECE_COUNTS)
                    .groupBy("group", "piece")
                    .agg(sum("count").as("count"))
                    .persist(StorageLevel.MEMORY_AND_DISK());
        }

        /**
         * The reference's pruning, per group: only the pieces that survive the count and length
         * rules come to the driver; the dropped ones are split into their group's kept ones on
         * the executors; the rest (wasted pieces, cutting to each size) runs on the driver over
         * the kept pieces.
         */
        List<List<PieceModel>> prunePieces(Dataset<Row> pieces, StageClock clock) {
            Column kept = length(col("piece"))
                    .equalTo(1)
                    .or(length(col("piece"))
                            .leq(trainer.maxPieceLength())
                            .and(col("count").geq(trainer.minCount())));
            List<Object2LongOpenHashMap<ByteString>> keptPieces = new ArrayList<>();
            for (int g = 0; g < groups.count(); g++) {
                keptPieces.add(new Object2LongOpenHashMap<>());
            }
            for (Row r : pieces.where(kept).collectAsList()) {
                keptPieces.get(r.getInt(0)).put(ByteString.wrap((byte[]) r.get(1)), r.getLong(2));
            }
            PieceModel[] keptModels = new PieceModel[groups.count()];
            long[][] zero = new long[groups.count()][];
            for (int g = 0; g < keptModels.length; g++) {
                PiecePruner.addMissingBytes(keptPieces.get(g));
                keptModels[g] = PiecePruner.toModel(keptPieces.get(g));
                zero[g] = new long[keptModels[g].vocabSize()];
            }
            Broadcast<PieceModel[]> keptBroadcast =
                    JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(keptModels);
            long[][] added = pieces.where(not(kept))
                    .toJavaRDD()
                    .mapPartitions(rows -> TrainPartitions.splitDropped(rows, keptBroadcast))
                    .fold(zero, TrainJob::addInto);
            pieces.unpersist();
            List<List<PieceModel>> models = new ArrayList<>();
            for (int g = 0; g < keptModels.length; g++) {
                models.add(new PiecePruner(trainer)
                        .finish(PiecePruner.addCounts(keptPieces.get(g), keptModels[g], added[g])));
            }
            clock.lap(
                    "prune pieces",
                    String.format(
                            "%,d pieces kept before cutting",
                            keptPieces.stream().mapToLong(Map::size).sum()));
            return models;
        }
    }

    private static long[][] addInto(long[][] total, long[][] part) {
        for (int g = 0; g < total.length; g++) {
            for (int i = 0; i < total[g].length; i++) {
                total[g][i] += part[g][i];
            }
        }
        return total;
    }

    /**
     * Reduce buckets of pass 1 (of each group, for {@code bytes} of it): enough that each sums about as many n-grams as a map task holds
     * (at most {@code order} new n-grams per input byte), and at least two per core.
     */
    private static int ngramBuckets(SparkSession spark, long bytes, TrainerOptions trainer, int mapEntries) {
        long estimate = bytes * trainer.order() / mapEntries + 1;
        long atLeast = 2L * spark.sparkContext().defaultParallelism();
        return (int) Math.min(100_000, Math.max(atLeast, estimate));
    }

    /**
     * OUTPUT/ngrams: the n-grams of the model with their counts (ngram binary, n int, count long).
     * The packed keys travel as a typed pair of longs and are unpacked by SQL expressions
     * (the low 7 bytes in hex, the last 2n digits, back to binary): no row objects per n-gram.
     */
    private static void writeNgrams(SparkSession spark, JavaRDD<long[]> kept, String path) {
        int files = spark.sparkContext().defaultParallelism();
        JavaRDD<Tuple2<Long, Long>> pairs = kept.coalesce(files).flatMap(block -> {
            List<Tuple2<Long, Long>> out = new ArrayList<>(block.length / 2);
            for (int i = 0; i < block.length; i += 2) {
                out.add(new Tuple2<>(block[i], block[i + 1]));
            }
            return out.iterator();
        });
        spark.createDataset(pairs.rdd(), Encoders.tuple(Encoders.LONG(), Encoders.LONG()))
                .toDF("key", "count")
                .where("key != 0") // the empty n-gram counts positions: not an n-gram
                .selectExpr(
                        "CAST(shiftrightunsigned(key, 56) AS INT) AS n",
                        "count",
                        "lpad(hex(key & 72057594037927935), 14, '0') AS digits")
                .selectExpr("unhex(substr(digits, 15 - 2 * n)) AS ngram", "n", "count")
                .write()
                .parquet(path);
    }
}
