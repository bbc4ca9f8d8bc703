package dev.piecemill.train;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.shiftRightUnsigned;
import static org.apache.spark.sql.functions.sum;

import dev.piecemill.io.Corpus;
import dev.piecemill.io.JsonFiles;
import dev.piecemill.io.OutputGuard;
import dev.piecemill.io.Quarantine;
import dev.piecemill.io.RecordFilter;
import dev.piecemill.piece.ModelFile;
import dev.piecemill.piece.PieceModel;
import dev.piecemill.util.ByteString;
import it.unimi.dsi.fastutil.longs.Long2LongOpenHashMap;
import it.unimi.dsi.fastutil.objects.Object2LongOpenHashMap;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.LongAccumulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains BytePiece vocabularies, distributed: count byte n-grams (a shuffle sums the tasks'
 * partial counts), prune them into the byte n-gram model and broadcast it, segment the corpus
 * and count pieces (another shuffle), split the dropped pieces into the kept ones on the
 * executors, and finish the pruning on the driver, where only the kept pieces are.
 */
public final class TrainJob {
    private static final Logger LOG = LoggerFactory.getLogger(TrainJob.class);
    public static final String SUMMARY_FILE = "summary.json";

    /** n-gram key (length and bytes packed, see NgramKeys) and count: a pass 1 task's output. */
    static final StructType NGRAM_COUNTS = new StructType()
            .add("key", DataTypes.LongType, false)
            .add("count", DataTypes.LongType, false);

    /** piece bytes and count: a pass 2 task's output, and OUTPUT/pieces. */
    static final StructType PIECE_COUNTS = new StructType()
            .add("piece", DataTypes.BinaryType, false)
            .add("count", DataTypes.LongType, false);

    private TrainJob() {}

    /** Where each vocabulary goes. */
    public static String modelPath(String output, int vocabSize) {
        return output + "/model-" + vocabSize + ".json";
    }

    public static TrainSummary run(SparkSession spark, TrainOptions options) throws IOException {
        long started = System.nanoTime();
        StageClock clock = new StageClock();
        Configuration hadoopConf = spark.sparkContext().hadoopConfiguration();
        OutputGuard.prepare(options.output(), options.overwrite(), hadoopConf);
        TrainerOptions trainer = options.trainer();
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Corpus.Source source = Corpus.read(spark, options.corpus());

        // Pass 1: byte n-grams.
        LongAccumulator recordsRead = spark.sparkContext().longAccumulator("records read");
        LongAccumulator quarantined = spark.sparkContext().longAccumulator("quarantined");
        LongAccumulator documents = spark.sparkContext().longAccumulator("documents");
        LongAccumulator bytes = spark.sparkContext().longAccumulator("bytes");
        RecordFilter countingFilter = new RecordFilter(options.skipBadRecords(), recordsRead, quarantined);
        int mapEntries = options.mapEntries();
        Dataset<Row> ngramCounts = spark.createDataFrame(source.records().mapPartitions(records ->
                        TrainPartitions.countNgrams(records, countingFilter, trainer, mapEntries, documents, bytes)),
                NGRAM_COUNTS);
        Column ngramLength = shiftRightUnsigned(col("key"), 56);
        Dataset<Row> keptNgrams = ngramCounts.groupBy("key").agg(sum("count").as("count"))
                .where(ngramLength.leq(1).or(col("count").geq(trainer.minCount())))
                .persist(StorageLevel.MEMORY_AND_DISK());
        Long2LongOpenHashMap counts = new Long2LongOpenHashMap();
        keptNgrams.toLocalIterator().forEachRemaining(r -> counts.put(r.getLong(0), r.getLong(1)));
        NgramModel ngramModel = NgramModel.fromCounts(counts, trainer.order(), trainer.minCount());
        clock.lap("count n-grams", String.format("%,d documents, %,d bytes; %,d n-grams kept in the model",
                documents.value(), bytes.value(), ngramModel.size()));
        writeNgrams(spark, keptNgrams, options.output() + "/ngrams");
        keptNgrams.unpersist();
        clock.lap("write n-grams", options.output() + "/ngrams");

        // Pass 2: pieces.
        Broadcast<NgramModel> ngramBroadcast = jsc.broadcast(ngramModel);
        RecordFilter rereadFilter = new RecordFilter(options.skipBadRecords(), null, null);
        Dataset<Row> pieces = spark.createDataFrame(source.records().mapPartitions(records ->
                        TrainPartitions.countPieces(records, rereadFilter, trainer, ngramBroadcast, mapEntries)),
                PIECE_COUNTS)
                .groupBy("piece").agg(sum("count").as("count"))
                .persist(StorageLevel.MEMORY_AND_DISK());
        pieces.write().parquet(options.output() + "/pieces");
        long piecesCounted = spark.read().parquet(options.output() + "/pieces").count();
        clock.lap("count pieces", String.format("%,d distinct pieces", piecesCounted));

        // Pruning: the kept pieces come to the driver; the dropped ones are split where they are.
        Column kept = length(col("piece")).equalTo(1).or(length(col("piece")).leq(trainer.maxPieceLength())
                .and(col("count").geq(trainer.minCount())));
        PiecePruner pruner = new PiecePruner(trainer);
        Object2LongOpenHashMap<ByteString> keptPieces = new Object2LongOpenHashMap<>();
        pieces.where(kept).toLocalIterator().forEachRemaining(r ->
                keptPieces.put(ByteString.wrap((byte[]) r.get(0)), r.getLong(1)));
        PiecePruner.addMissingBytes(keptPieces);
        PieceModel keptModel = PiecePruner.toModel(keptPieces);
        Broadcast<PieceModel> keptBroadcast = jsc.broadcast(keptModel);
        long[] added = pieces.where(not(kept)).toJavaRDD()
                .mapPartitions(rows -> TrainPartitions.splitDropped(rows, keptBroadcast))
                .fold(new long[keptModel.vocabSize()], TrainJob::addInto);
        pieces.unpersist();
        List<PieceModel> models = pruner.finish(PiecePruner.addCounts(keptPieces, keptModel, added));
        clock.lap("prune pieces", String.format("%,d pieces kept before cutting", keptPieces.size()));

        Map<Integer, Integer> piecesPerSize = new LinkedHashMap<>();
        for (int i = 0; i < models.size(); i++) {
            int size = trainer.vocabSizes()[i];
            writeModel(models.get(i), modelPath(options.output(), size), hadoopConf);
            piecesPerSize.put(size, models.get(i).pieceCount());
        }
        if (quarantined.value() > 0) {
            Quarantine.write(spark, source.records(), options.output() + "/" + Quarantine.FOLDER);
        }
        clock.lap("write models", options.output());

        List<Integer> sizes = new ArrayList<>();
        for (int s : trainer.vocabSizes()) {
            sizes.add(s);
        }
        TrainSummary summary = new TrainSummary(trainer.order(), sizes, trainer.maxPieceLength(), trainer.minCount(),
                trainer.isolateDigits(), trainer.ensureUnicode(), source.files(), recordsRead.value(),
                documents.value(), quarantined.value(), bytes.value(), ngramModel.size(),
                piecesCounted, piecesPerSize, clock.seconds(), (System.nanoTime() - started) / 1e9);
        JsonFiles.write(summary, options.output() + "/" + SUMMARY_FILE, hadoopConf);
        return summary;
    }

    private static long[] addInto(long[] total, long[] part) {
        for (int i = 0; i < total.length; i++) {
            total[i] += part[i];
        }
        return total;
    }

    /** OUTPUT/ngrams: the n-grams of the model with their counts (ngram bytes, n, count). */
    private static void writeNgrams(SparkSession spark, Dataset<Row> kept, String path) {
        spark.udf().register("ngram_bytes", (UDF1<Long, byte[]>) NgramKeys::bytes, DataTypes.BinaryType);
        kept.where(col("key").notEqual(0L))
                .selectExpr("ngram_bytes(key) AS ngram", "CAST(shiftrightunsigned(key, 56) AS INT) AS n", "count")
                .write().parquet(path);
    }

    private static void writeModel(PieceModel model, String path, Configuration conf) throws IOException {
        Path p = new Path(path);
        try (OutputStream out = p.getFileSystem(conf).create(p, true)) {
            ModelFile.write(model, out);
        }
    }

    /** Times the stages and logs one line as each ends. */
    private static final class StageClock {
        private final Map<String, Double> seconds = new LinkedHashMap<>();
        private long last = System.nanoTime();

        void lap(String stage, String detail) {
            long now = System.nanoTime();
            double s = (now - last) / 1e9;
            seconds.put(stage, s);
            last = now;
            LOG.info("train: {} done in {} s: {}", stage, String.format("%.1f", s), detail);
        }

        Map<String, Double> seconds() {
            return seconds;
        }
    }
}
