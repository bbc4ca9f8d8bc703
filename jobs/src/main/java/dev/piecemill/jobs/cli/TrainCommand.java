package dev.piecemill.jobs.cli;

import dev.piecemill.jobs.train.TrainJob;
import dev.piecemill.jobs.train.TrainOptions;
import dev.piecemill.jobs.train.TrainSummary;
import dev.piecemill.jobs.train.UnigramTrainJob;
import dev.piecemill.jobs.train.UnigramTrainOptions;
import dev.piecemill.jobs.train.UnigramTrainSummary;
import dev.piecemill.train.TrainerOptions;
import dev.piecemill.unigram.SeedRules;
import dev.piecemill.unigram.UnigramOptions;
import dev.piecemill.util.UserError;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Spark job: trains byte-level vocabularies in the BytePiece model format.",
            "--algorithm bytepiece (the default): the reference BytePiece trainer, exactly (a byte n-gram model "
                    + "segments the corpus once). Writes OUTPUT/model-<N>.json per size, OUTPUT/ngrams and "
                    + "OUTPUT/pieces (Parquet counts) and OUTPUT/summary.json.",
            "--algorithm unigram: unigram EM with pruning (SentencePiece's method over bytes, with pieces that "
                    + "may cross spaces; a word takes the space before it, never the one after): seeds from "
                    + "suffix arrays, EM rounds on the executors, exactly the asked "
                    + "sizes; compresses held-out text far better. Writes OUTPUT/model-<N>.json per size and "
                    + "OUTPUT/summary.json (every EM iteration's size, log-likelihood and seconds)."
        })
final class TrainCommand implements Callable<Integer> {
    enum Algorithm {
        BYTEPIECE,
        UNIGRAM
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    CorpusArgs corpus;

    @Mixin
    OutputArgs out;

    @Option(
            names = "--vocab-size",
            required = true,
            split = ",",
            paramLabel = "N",
            description = "vocabulary size(s), pieces + 3 special tokens; e.g. 32000,8000 trains both in one run")
    List<Integer> vocabSizes;

    @Option(
            names = "--algorithm",
            defaultValue = "bytepiece",
            paramLabel = "NAME",
            converter = KebabEnum.Algorithms.class,
            completionCandidates = KebabEnum.Algorithms.class,
            description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
    Algorithm algorithm;

    @Option(
            names = "--max-piece-length",
            paramLabel = "BYTES",
            description = "longest piece in bytes (default: " + TrainerOptions.DEFAULT_MAX_PIECE_LENGTH
                    + " for bytepiece, " + UnigramOptions.DEFAULT_MAX_PIECE_BYTES + " for unigram)")
    Integer maxPieceLength;

    @Option(
            names = "--order",
            paramLabel = "N",
            description = "bytepiece: byte n-gram order (default: " + TrainerOptions.DEFAULT_ORDER + ")")
    Integer order;

    @Option(
            names = "--min-count",
            paramLabel = "N",
            description = "bytepiece: rarer n-grams and pieces are pruned (default: " + TrainerOptions.DEFAULT_MIN_COUNT
                    + ")")
    Integer minCount;

    @Option(names = "--isolate-digits", description = "bytepiece: every digit is a piece of its own")
    boolean isolateDigits;

    @Option(names = "--no-ensure-unicode", description = "bytepiece: let pieces start inside a UTF-8 character")
    boolean noEnsureUnicode;

    @Option(
            names = "--map-entries",
            paramLabel = "N",
            description = "bytepiece: a task drains its count map to the shuffle at this many entries (bounds task "
                    + "memory; default: " + TrainOptions.DEFAULT_MAP_ENTRIES + ")")
    Integer mapEntries;

    @Option(
            names = "--max-words",
            paramLabel = "N",
            description = "unigram: a piece spans at most N words (runs of non-space characters; default: "
                    + UnigramOptions.DEFAULT_MAX_WORDS + ")")
    Integer maxWords;

    @Option(
            names = "--seed-size",
            paramLabel = "N",
            description = "unigram: seed pieces the first EM round starts from, besides the 256 bytes (default: "
                    + UnigramOptions.DEFAULT_SEED_MULTIPLE + " x the largest size)")
    Integer seedSize;

    @Option(
            names = "--shrinking-factor",
            paramLabel = "F",
            description = "unigram: each pruning round keeps this share of the pieces (squared while more than "
                    + "four times the size; default: " + UnigramOptions.DEFAULT_SHRINKING_FACTOR + ")")
    Double shrinkingFactor;

    @Option(
            names = "--em-iterations",
            paramLabel = "N",
            description =
                    "unigram: EM iterations per pruning round (default: " + UnigramOptions.DEFAULT_EM_ITERATIONS + ")")
    Integer emIterations;

    @Option(
            names = "--whitespace-runs",
            paramLabel = "N",
            description = "unigram: the vocabulary always holds runs of 2..N spaces and 2..N/4 tabs, each as likely as "
                    + "two spaces, so indentation costs a token per run even where training saw none (0 for none; "
                    + "default: " + UnigramOptions.DEFAULT_WHITESPACE_RUNS + ")")
    Integer whitespaceRuns;

    @Option(
            names = "--validation-fraction",
            paramLabel = "F",
            description = "unigram: hold out this share of documents (by id hash), measured after every round and "
                    + "in the summary (default: 0)")
    Double validationFraction;

    @Option(
            names = "--seed-block-mb",
            paramLabel = "MB",
            description = "unigram: seeds come from suffix arrays over blocks of about this much training text "
                    + "(about 20 bytes of task memory per byte; default: "
                    + (UnigramTrainOptions.DEFAULT_SEED_BLOCK_BYTES >> 20) + ")")
    Integer seedBlockMb;

    @Mixin
    SparkArgs sparkArgs;

    @Override
    public Integer call() throws Exception {
        int[] sizes = vocabSizes.stream().mapToInt(Integer::intValue).toArray();
        return algorithm == Algorithm.UNIGRAM ? unigram(sizes) : bytepiece(sizes);
    }

    private int bytepiece(int[] sizes) throws Exception {
        refuseOptionsOf(
                "unigram",
                java.util.Arrays.asList(
                        maxWords,
                        seedSize,
                        shrinkingFactor,
                        emIterations,
                        whitespaceRuns,
                        validationFraction,
                        seedBlockMb),
                "--max-words, --seed-size, --shrinking-factor, --em-iterations, "
                        + "--whitespace-runs, --validation-fraction, --seed-block-mb");
        TrainerOptions trainer = new TrainerOptions(
                orDefault(order, TrainerOptions.DEFAULT_ORDER),
                sizes,
                orDefault(maxPieceLength, TrainerOptions.DEFAULT_MAX_PIECE_LENGTH),
                orDefault(minCount, TrainerOptions.DEFAULT_MIN_COUNT),
                isolateDigits,
                !noEnsureUnicode);
        int entries = orDefault(mapEntries, TrainOptions.DEFAULT_MAP_ENTRIES);
        if (entries < 1) {
            throw new UserError("--map-entries must be positive");
        }
        TrainOptions options =
                new TrainOptions(corpus.toOptions(), out.output, trainer, out.skipBadRecords, out.overwrite, entries);
        try (SparkSession spark = sparkArgs.start("piecemill train")) {
            TrainSummary summary = TrainJob.run(spark, options);
            System.out.println(summary.describe());
            printModels(sizes);
        }
        return 0;
    }

    private int unigram(int[] sizes) throws Exception {
        refuseOptionsOf(
                "bytepiece",
                java.util.Arrays.asList(
                        order, minCount, isolateDigits ? true : null, noEnsureUnicode ? true : null, mapEntries),
                "--order, --min-count, --isolate-digits, " + "--no-ensure-unicode, --map-entries");
        SeedRules rules = new SeedRules(
                orDefault(maxPieceLength, UnigramOptions.DEFAULT_MAX_PIECE_BYTES),
                orDefault(maxWords, UnigramOptions.DEFAULT_MAX_WORDS));
        UnigramOptions trainer = new UnigramOptions(
                sizes,
                rules,
                orDefault(seedSize, UnigramOptions.defaultSeedSize(sizes)),
                orDefault(shrinkingFactor, UnigramOptions.DEFAULT_SHRINKING_FACTOR),
                orDefault(emIterations, UnigramOptions.DEFAULT_EM_ITERATIONS),
                orDefault(whitespaceRuns, UnigramOptions.DEFAULT_WHITESPACE_RUNS));
        if (seedBlockMb != null && seedBlockMb < 1) {
            throw new UserError("--seed-block-mb must be positive, not " + seedBlockMb);
        }
        UnigramTrainOptions options = new UnigramTrainOptions(
                corpus.toOptions(),
                out.output,
                trainer,
                out.skipBadRecords,
                out.overwrite,
                orDefault(validationFraction, 0.0),
                seedBlockMb == null ? UnigramTrainOptions.DEFAULT_SEED_BLOCK_BYTES : (long) seedBlockMb << 20);
        try (SparkSession spark = sparkArgs.start("piecemill train")) {
            UnigramTrainSummary summary = UnigramTrainJob.run(spark, options);
            System.out.println(summary.describe());
            printModels(sizes);
        }
        return 0;
    }

    private void printModels(int[] sizes) {
        for (int size : sizes) {
            System.out.println("train: wrote " + TrainJob.modelPath(out.output, size));
        }
    }

    /** Options of the other algorithm are a usage error, not silently ignored. */
    private void refuseOptionsOf(String other, List<Object> values, String names) {
        if (values.stream().anyMatch(java.util.Objects::nonNull)) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), names + " apply to --algorithm " + other + " only");
        }
    }

    private static <T> T orDefault(T value, T fallback) {
        return value != null ? value : fallback;
    }
}
