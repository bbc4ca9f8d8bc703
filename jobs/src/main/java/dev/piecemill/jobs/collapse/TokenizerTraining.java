package dev.piecemill.jobs.collapse;

import dev.piecemill.jobs.io.CorpusOptions;
import dev.piecemill.jobs.io.InputFormat;
import dev.piecemill.jobs.io.ModelFiles;
import dev.piecemill.jobs.train.TrainJob;
import dev.piecemill.jobs.train.TrainOptions;
import dev.piecemill.piece.PieceModel;
import dev.piecemill.train.TrainerOptions;
import java.io.IOException;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * Tokenizers of a run, trained by the train job (the reference algorithm, distributed) with its
 * default options and the run's vocabulary size, on text folders of the run.
 */
final class TokenizerTraining {
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
        TrainerOptions trainer = new TrainerOptions(
                TrainerOptions.DEFAULT_ORDER,
                new int[] {vocabSize},
                TrainerOptions.DEFAULT_MAX_PIECE_LENGTH,
                TrainerOptions.DEFAULT_MIN_COUNT,
                false,
                true);
        TrainJob.run(spark, new TrainOptions(input, output, trainer, false, true, TrainOptions.DEFAULT_MAP_ENTRIES));
        return ModelFiles.read(
                modelPath(output, vocabSize), spark.sparkContext().hadoopConfiguration());
    }

    static String modelPath(String output, int vocabSize) {
        return TrainJob.modelPath(output, vocabSize);
    }
}
