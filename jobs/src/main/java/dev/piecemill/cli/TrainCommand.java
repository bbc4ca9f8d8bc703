package dev.piecemill.cli;

import dev.piecemill.train.TrainJob;
import dev.piecemill.train.TrainOptions;
import dev.piecemill.train.TrainSummary;
import dev.piecemill.train.TrainerOptions;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Spark job: trains BytePiece vocabularies (the reference algorithm, distributed).",
                "Writes OUTPUT/model-<N>.json per size, OUTPUT/ngrams and OUTPUT/pieces (Parquet counts) and "
                        + "OUTPUT/summary.json."})
final class TrainCommand implements Callable<Integer> {
    @Mixin
    CorpusArgs corpus;

    @Mixin
    OutputArgs out;

    @Option(names = "--vocab-size", required = true, split = ",", paramLabel = "N",
            description = "vocabulary size(s), pieces + 3 special tokens; e.g. 32000,8000 trains both in one run")
    List<Integer> vocabSizes;

    @Option(names = "--order", defaultValue = "" + TrainerOptions.DEFAULT_ORDER, paramLabel = "N",
            description = "byte n-gram order (default: ${DEFAULT-VALUE})")
    int order;

    @Option(names = "--min-count", defaultValue = "" + TrainerOptions.DEFAULT_MIN_COUNT, paramLabel = "N",
            description = "rarer n-grams and pieces are pruned (default: ${DEFAULT-VALUE})")
    int minCount;

    @Option(names = "--max-piece-length", defaultValue = "" + TrainerOptions.DEFAULT_MAX_PIECE_LENGTH,
            paramLabel = "BYTES", description = "longest piece (default: ${DEFAULT-VALUE})")
    int maxPieceLength;

    @Option(names = "--isolate-digits", description = "every digit is a piece of its own")
    boolean isolateDigits;

    @Option(names = "--no-ensure-unicode", description = "let pieces start inside a UTF-8 character")
    boolean noEnsureUnicode;

    @Option(names = "--map-entries", defaultValue = "" + TrainOptions.DEFAULT_MAP_ENTRIES, paramLabel = "N",
            description = "a task drains its count map to the shuffle at this many entries (bounds task memory;"
                    + " default: ${DEFAULT-VALUE})")
    int mapEntries;

    @Mixin
    SparkArgs sparkArgs;

    @Override
    public Integer call() throws Exception {
        TrainerOptions trainer = new TrainerOptions(order, vocabSizes.stream().mapToInt(Integer::intValue).toArray(),
                maxPieceLength, minCount, isolateDigits, !noEnsureUnicode);
        if (mapEntries < 1) {
            throw new IllegalArgumentException("--map-entries must be positive");
        }
        TrainOptions options = new TrainOptions(corpus.toOptions(), out.output, trainer, out.skipBadRecords,
                out.overwrite, mapEntries);
        try (SparkSession spark = sparkArgs.start("piecemill train")) {
            TrainSummary summary = TrainJob.run(spark, options);
            System.out.println(summary.describe());
            for (int size : trainer.vocabSizes()) {
                System.out.println("train: wrote " + TrainJob.modelPath(out.output, size));
            }
        }
        return 0;
    }
}
