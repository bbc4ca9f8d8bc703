package dev.piecemill.jobs.train;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.sum;

import dev.piecemill.jobs.io.Corpus;
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

    /** piece bytes and count: a pass 2 task's output, and OUTPUT/pieces. */
    static final StructType PIECE_COUNTS =
            new StructType().add("piece", DataTypes.BinaryType, false).add("count", DataTypes.LongType, false);

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

        NgramPass pass1 = countNgrams(spark, source, options, clock);
        ByteNgramModel ngramModel = pass1.model();
        ReadCounts read = pass1.read();
        read.records().requireBalanced("train");
        Dataset<Row> pieces = countPieces(spark, source, options, ngramModel);
        long piecesCounted = spark.read().parquet(options.output() + "/pieces").count();
        clock.lap("count pieces", String.format("%,d distinct pieces", piecesCounted));
        List<PieceModel> models = prunePieces(spark, pieces, trainer, clock);

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
                pass1.distinctNgrams(),
                ngramModel.size(),
                piecesCounted,
                piecesPerSize,
                clock.seconds(),
                (System.nanoTime() - started) / 1e9);
        JsonFiles.write(summary, options.output() + "/" + SUMMARY_FILE, hadoopConf);
        return summary;
    }

    /** Pass 1's results: the byte n-gram model, the distinct n-grams summed, what was read. */
    private record NgramPass(ByteNgramModel model, long distinctNgrams, ReadCounts read) {}

    /**
     * Pass 1: tasks count n-grams and ship primitive blocks to hash buckets, where they are
     * summed and pruned; the kept ones come to the driver as the byte n-gram model (every
     * executor holds it next) and are written to OUTPUT/ngrams. What the tasks read travels
     * with their blocks to the collected result, so no retry or recomputation counts twice.
     */
    private static NgramPass countNgrams(
            SparkSession spark, Corpus.Source source, TrainOptions options, StageClock clock) {
        TrainerOptions trainer = options.trainer();
        RecordFilter filter = new RecordFilter(options.skipBadRecords(), null, null);
        int mapEntries = options.mapEntries();
        int buckets = ngramBuckets(spark, source, trainer, mapEntries);
        JavaRDD<TrainPartitions.BucketSums> summed = source.records()
                .mapPartitionsToPair(
                        records -> TrainPartitions.countNgrams(records, filter, trainer, mapEntries, buckets))
                .partitionBy(new HashPartitioner(buckets))
                .mapPartitions(blocks -> TrainPartitions.sumNgrams(blocks, trainer.minCount()))
                .persist(StorageLevel.MEMORY_AND_DISK());
        Long2LongOpenHashMap counts = new Long2LongOpenHashMap();
        long distinct = 0;
        ReadCounts read = ReadCounts.NONE;
        for (TrainPartitions.BucketSums bucket : summed.collect()) {
            long[] pairs = bucket.kept();
            for (int i = 0; i < pairs.length; i += 2) {
                counts.put(pairs[i], pairs[i + 1]);
            }
            distinct += bucket.distinct();
            read = read.add(bucket.read());
        }
        ByteNgramModel model = ByteNgramModel.fromCounts(counts, trainer.order(), trainer.minCount());
        clock.lap(
                "count n-grams",
                String.format(
                        "%,d documents, %,d bytes; %,d distinct n-grams summed in %d "
                                + "buckets, %,d kept in the model",
                        read.records().documents(), read.bytes(), distinct, buckets, model.size()));
        writeNgrams(spark, summed.map(TrainPartitions.BucketSums::kept), options.output() + "/ngrams");
        summed.unpersist();
        clock.lap("write n-grams", options.output() + "/ngrams");
        return new NgramPass(model, distinct, read);
    }

    /**
     * Pass 2: the broadcast byte n-gram model segments every chunk; pieces are counted per task,
     * summed by a shuffle and written to OUTPUT/pieces. The result stays cached for pruning.
     */
    private static Dataset<Row> countPieces(
            SparkSession spark, Corpus.Source source, TrainOptions options, ByteNgramModel ngramModel) {
        TrainerOptions trainer = options.trainer();
        Broadcast<ByteNgramModel> model =
                JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(ngramModel);
        RecordFilter rereadFilter = new RecordFilter(options.skipBadRecords(), null, null); // counted in pass 1
        int mapEntries = options.mapEntries();
        Dataset<Row> pieces = spark.createDataFrame(
                        source.records()
                                .mapPartitions(records ->
                                        TrainPartitions.countPieces(records, rereadFilter, trainer, model, mapEntries)),
                        PIECE_COUNTS)
                .groupBy("piece")
                .agg(sum("count").as("count"))
                .persist(StorageLevel.MEMORY_AND_DISK());
        pieces.write().parquet(options.output() + "/pieces");
        return pieces;
    }

    /**
     * The reference's pruning: only the pieces that survive the count and length rules come to
     * the driver; the dropped ones are split into them on the executors; the rest (wasted pieces,
     * cutting to each size) runs on the driver over the kept pieces.
     */
    private static List<PieceModel> prunePieces(
            SparkSession spark, Dataset<Row> pieces, TrainerOptions trainer, StageClock clock) {
        Column kept = length(col("piece"))
                .equalTo(1)
                .or(length(col("piece"))
                        .leq(trainer.maxPieceLength())
                        .and(col("count").geq(trainer.minCount())));
        Object2LongOpenHashMap<ByteString> keptPieces = new Object2LongOpenHashMap<>();
        for (Row r : pieces.where(kept).collectAsList()) {
            keptPieces.put(ByteString.wrap((byte[]) r.get(0)), r.getLong(1));
        }
        PiecePruner.addMissingBytes(keptPieces);
        PieceModel keptModel = PiecePruner.toModel(keptPieces);
        Broadcast<PieceModel> keptBroadcast =
                JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(keptModel);
        long[] added = pieces.where(not(kept))
                .toJavaRDD()
                .mapPartitions(rows -> TrainPartitions.splitDropped(rows, keptBroadcast))
                .fold(new long[keptModel.vocabSize()], TrainJob::addInto);
        pieces.unpersist();
        List<PieceModel> models = new PiecePruner(trainer).finish(PiecePruner.addCounts(keptPieces, keptModel, added));
        clock.lap("prune pieces", String.format("%,d pieces kept before cutting", keptPieces.size()));
        return models;
    }

    private static long[] addInto(long[] total, long[] part) {
        for (int i = 0; i < total.length; i++) {
            total[i] += part[i];
        }
        return total;
    }

    /**
     * Reduce buckets of pass 1: enough that each sums about as many n-grams as a map task holds
     * (at most {@code order} new n-grams per input byte), and at least two per core.
     */
    private static int ngramBuckets(SparkSession spark, Corpus.Source source, TrainerOptions trainer, int mapEntries) {
        long estimate = source.bytes() * trainer.order() / mapEntries + 1;
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
