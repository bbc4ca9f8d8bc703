package dev.piecemill.jobs.cli;

import dev.piecemill.collapse.Generation0;
import dev.piecemill.collapse.Loop;
import dev.piecemill.collapse.Recursion;
import dev.piecemill.jobs.collapse.CollapseJob;
import dev.piecemill.jobs.collapse.CollapseOptions;
import dev.piecemill.jobs.collapse.CollapseSummary;
import dev.piecemill.lm.SamplingBias;
import dev.piecemill.lm.Smoothing;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "collapse",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Spark job: simulates self-consuming generations (model collapse). Each generation trains an "
                    + "n-gram language model (and, with --tokenizer retrain, a BytePiece tokenizer) on the previous one's "
                    + "corpus, samples a new corpus from it, mixes in real data as the loop says, and measures it.",
            "Writes OUTPUT/gen=G/{corpus,ngrams,tokenizer,metrics} per generation, OUTPUT/metrics (Parquet), "
                    + "OUTPUT/metrics.csv and OUTPUT/report.html. Run again to resume after the last finished "
                    + "generation (or to add generations)."
        })
final class CollapseCommand implements Callable<Integer> {
    @Mixin
    CorpusArgs corpus;

    @Mixin
    OutputArgs out;

    @Option(names = "--generations", required = true, paramLabel = "G", description = "generations after generation 0")
    int generations;

    @Option(
            names = "--loop",
            defaultValue = "fully-synthetic",
            paramLabel = "LOOP",
            converter = KebabEnum.Loops.class,
            completionCandidates = KebabEnum.Loops.class,
            description = "${COMPLETION-CANDIDATES}: fully-synthetic, augment (a fixed real set plus samples), fresh "
                    + "(new real data each generation plus samples) or accumulate (keep all earlier data); default: "
                    + "${DEFAULT-VALUE}")
    Loop loop;

    @Option(
            names = "--real-fraction",
            defaultValue = "0",
            paramLabel = "A",
            description = "augment and fresh: the real share of each generation's corpus")
    double realFraction;

    @Option(
            names = "--lm-order",
            defaultValue = "3",
            paramLabel = "N",
            description = "n-gram order 1..5 (default: ${DEFAULT-VALUE})")
    int order;

    @Option(
            names = "--smoothing",
            defaultValue = "kneser-ney",
            paramLabel = "S",
            converter = KebabEnum.SmoothingMethods.class,
            completionCandidates = KebabEnum.SmoothingMethods.class,
            description = "${COMPLETION-CANDIDATES}: none is maximum likelihood (default: ${DEFAULT-VALUE})")
    Smoothing.Method smoothing;

    @Option(
            names = "--add-k",
            defaultValue = "1",
            paramLabel = "K",
            description = "k of add-k smoothing (default: ${DEFAULT-VALUE})")
    double addK;

    @Option(
            names = "--temperature",
            defaultValue = "1",
            paramLabel = "T",
            description = "sampling temperature (default: ${DEFAULT-VALUE})")
    double temperature;

    @Option(
            names = "--top-k",
            defaultValue = "0",
            paramLabel = "K",
            description = "sample among the K most probable tokens; 0: all")
    int topK;

    @Option(names = "--top-p", defaultValue = "1", paramLabel = "P", description = "nucleus sampling mass; 1: all")
    double topP;

    @ArgGroup(exclusive = true)
    Budget budget = new Budget();

    static final class Budget {
        @Option(
                names = "--tokens-per-generation",
                paramLabel = "N",
                description = "content tokens in each generation's corpus, exactly (default: the real corpus's)")
        Long tokens;

        @Option(
                names = "--docs-per-generation",
                paramLabel = "D",
                description = "documents in each generation's corpus")
        Long documents;

        /** The budget in its unit; the default budget when neither option was given. */
        CollapseOptions.Budget toBudget() {
            return documents != null
                    ? CollapseOptions.Budget.documents(documents)
                    : new CollapseOptions.Budget(CollapseOptions.Unit.TOKENS, tokens);
        }
    }

    @Option(
            names = "--max-doc-tokens",
            defaultValue = "" + CollapseOptions.DEFAULT_MAX_DOCUMENT_TOKENS,
            paramLabel = "N",
            description = "a sampled document ends after N tokens without <eos> (default: ${DEFAULT-VALUE})")
    int maxDocumentTokens;

    @Option(
            names = "--tokenizer",
            defaultValue = "fixed",
            paramLabel = "MODE",
            converter = KebabEnum.TokenizerModes.class,
            completionCandidates = KebabEnum.TokenizerModes.class,
            description = "${COMPLETION-CANDIDATES}: fixed (generation 0's throughout) or retrain (trained on each "
                    + "generation's corpus); default: ${DEFAULT-VALUE}")
    CollapseOptions.TokenizerMode tokenizer;

    @Option(
            names = "--model",
            paramLabel = "FILE",
            description = "generation 0's tokenizer (.json or .zip); default: trained on the real corpus")
    String model;

    @Option(
            names = "--vocab-size",
            defaultValue = "" + CollapseOptions.DEFAULT_VOCAB_SIZE,
            paramLabel = "V",
            description = "vocabulary of trained tokenizers (default: ${DEFAULT-VALUE})")
    int vocabSize;

    @Option(
            names = "--replicates",
            defaultValue = "1",
            paramLabel = "R",
            description = "independent chains, for error bars")
    int replicates;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "S", description = "the seed of every random choice")
    long seed;

    @Option(
            names = "--heldout-fraction",
            defaultValue = "" + CollapseOptions.DEFAULT_HELDOUT_FRACTION,
            paramLabel = "F",
            description = "share of real documents held out for the held-out metrics, chosen by a hash of their id")
    double heldoutFraction;

    @Option(
            names = "--max-model-mb",
            defaultValue = "0",
            paramLabel = "MB",
            description =
                    "bound on one generation's language models together; 0: 40%% of the driver's or an executor's heap")
    long maxModelMegabytes;

    @Option(
            names = "--gen0",
            defaultValue = "sample",
            paramLabel = "WHAT",
            converter = KebabEnum.Generation0s.class,
            completionCandidates = KebabEnum.Generation0s.class,
            description =
                    "${COMPLETION-CANDIDATES}. sample (default): generation 0 is a real sample of the budget per replicate, and every "
                            + "generation is measured against a real reference, another real sample of the budget disjoint from "
                            + "what the replicate trains on; corpus: generation 0 is the whole real corpus (fresh: a sample of "
                            + "the budget), measured against itself")
    Generation0 generation0;

    @Mixin
    SparkArgs sparkArgs;

    @Override
    public Integer call() throws Exception {
        Recursion recursion = new Recursion(
                loop,
                realFraction,
                order,
                smoothing(),
                new SamplingBias(temperature, topK, topP),
                generations,
                replicates,
                seed,
                maxDocumentTokens,
                generation0);
        CollapseOptions options = new CollapseOptions(
                corpus.toOptions(),
                out.output,
                recursion,
                budget.toBudget(),
                new CollapseOptions.Tokenizer(tokenizer, model, vocabSize),
                heldoutFraction,
                maxModelMegabytes,
                out.skipBadRecords,
                out.overwrite);
        try (SparkSession spark = sparkArgs.start("piecemill collapse")) {
            CollapseSummary summary = CollapseJob.run(spark, options);
            System.out.println(summary.describe());
            System.out.println("collapse: wrote " + out.output + "; metrics in " + out.output + "/metrics.csv, report "
                    + summary.report());
        }
        return 0;
    }

    private Smoothing smoothing() {
        return switch (smoothing) {
            case NONE -> Smoothing.none();
            case ADD_K -> Smoothing.addK(addK);
            case KNESER_NEY -> Smoothing.kneserNey();
        };
    }
}
