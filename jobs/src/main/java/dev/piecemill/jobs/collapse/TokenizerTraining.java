package dev.piecemill.jobs.collapse;

import dev.piecemill.jobs.io.CorpusOptions;
import dev.piecemill.jobs.io.CorpusRecord;
import dev.piecemill.jobs.io.InputFormat;
import dev.piecemill.jobs.io.ModelFiles;
import dev.piecemill.jobs.spark.StageClock;
import dev.piecemill.jobs.train.TrainJob;
import dev.piecemill.jobs.train.TrainOptions;
import dev.piecemill.jobs.train.TrainingGroups;
import dev.piecemill.piece.PieceModel;
import dev.piecemill.train.TrainerOptions;
import java.io.IOException;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tokenizers of a run, trained by the train job (the reference algorithm, distributed) with its
 * default options and the run's vocabulary size, on text folders of the run: generation 0's by
 * the job itself (its tables kept), the retrained replicates' all in one pass.
 */
final class TokenizerTraining {
    private static final Logger LOG = LoggerFactory.getLogger(TokenizerTraining.class);

    private TokenizerTraining() {}

    /** Trains a tokenizer on the {@code text} column of the Parquet folders into {@code output}. */
    static PieceModel train(SparkSession spark, List<String> parquetInputs, String output, int vocabSize)
            throws IOException {
        CorpusOptions input = new CorpusOptions(
                parquetInputs,
                InputFormat.PARQUET,
                "text",
                "doc_id",
                CorpusOptions.DEFAULT_MAX_RECORD_BYTES,
                CorpusOptions.DEFAULT_SPLIT_BYTES);
        TrainJob.run(
                spark,
                new TrainOptions(
                        input, output, trainerOptions(vocabSize), false, true, TrainOptions.DEFAULT_MAP_ENTRIES));
        return ModelFiles.read(
                modelPath(output, vocabSize), spark.sparkContext().hadoopConfiguration());
    }

    /**
     * One tokenizer per replicate, with the same options, from the corpus tables at
     * {@code corpora} ({@link CorpusTable}): all of them in the same passes, replicate r's
     * trained on its documents and the shared ones ({@link CorpusTable#SHARED}), as if alone.
     */
    static List<PieceModel> trainReplicates(SparkSession spark, List<String> corpora, int replicates, int vocabSize)
            throws IOException {
        JavaRDD<CorpusRecord> records = CorpusTable.read(spark, corpora.toArray(String[]::new))
                .select("replicate", "docId", "text")
                .toJavaRDD()
                .map(row -> CorpusRecord.ofString(
                        row.getString(1), "replicate=" + row.getInt(0), 0, row.getString(2), new Object[] {row.getInt(0)
                        }));
        List<List<PieceModel>> trained = TrainJob.trainGroups(
                spark,
                records,
                storedBytes(spark, corpora),
                TrainingGroups.byFirstKeptColumn(replicates),
                trainerOptions(vocabSize),
                new StageClock(LOG, "collapse tokenizers"));
        return trained.stream().map(sizes -> sizes.get(0)).toList();
    }

    /** What the tables take on disk: about their text's size (compressed text plus its ids), to size the shuffle. */
    private static long storedBytes(SparkSession spark, List<String> corpora) throws IOException {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        long bytes = 0;
        for (String corpus : corpora) {
            Path path = new Path(corpus);
            bytes += path.getFileSystem(conf).getContentSummary(path).getLength();
        }
        return bytes;
    }

    private static TrainerOptions trainerOptions(int vocabSize) {
        return new TrainerOptions(
                TrainerOptions.DEFAULT_ORDER,
                new int[] {vocabSize},
                TrainerOptions.DEFAULT_MAX_PIECE_LENGTH,
                TrainerOptions.DEFAULT_MIN_COUNT,
                false,
                true);
    }

    static String modelPath(String output, int vocabSize) {
        return TrainJob.modelPath(output, vocabSize);
    }
}
