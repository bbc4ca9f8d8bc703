package dev.piecemill.jobs.collapse;

import dev.piecemill.collapse.CollapseSettings;
import dev.piecemill.collapse.Recursion;
import dev.piecemill.jobs.io.CorpusOptions;
import dev.piecemill.metrics.NgramOverlap;
import dev.piecemill.util.UserError;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Options of the collapse job: the real corpus, the recursion simulated on it, the budget, the
 * tokenizer and the measuring. Each part checks itself when built, so code that calls the job
 * directly gets the command's checks.
 *
 * @param heldoutFraction   share of real documents (by a hash of their id) kept out of training, for held-out metrics
 * @param maxModelMegabytes bound on one generation's language models together (they are broadcast), 0 for the default
 */
public record CollapseOptions(
        CorpusOptions corpus,
        String output,
        Recursion recursion,
        Budget budget,
        Tokenizer tokenizer,
        double heldoutFraction,
        long maxModelMegabytes,
        boolean skipBadRecords,
        boolean overwrite)
        implements Serializable {

    public enum Unit {
        TOKENS,
        DOCUMENTS
    }

    public enum TokenizerMode {
        FIXED,
        RETRAIN
    }

    public static final int DEFAULT_VOCAB_SIZE = 8000;
    public static final int DEFAULT_MAX_DOCUMENT_TOKENS = 2048;
    public static final double DEFAULT_HELDOUT_FRACTION = 0.05;

    /**
     * The options a run may change when it resumes: where it is, whether to overwrite it, how many
     * generations (a run may grow), and bounds that make a run fail or not without changing it
     * (the models' memory; the split size, as outputs do not depend on partitioning).
     * {@code CollapseOptionsTest} checks every other option changes the run's identity.
     */
    public static final Set<String> NOT_IN_IDENTITY =
            Set.of("output", "overwrite", "recursion.generations", "maxModelMegabytes", "corpus.splitBytes");

    /**
     * What a generation's budget counts, and how many per generation.
     *
     * @param perGeneration the budget N, or null for the default (the real corpus's size; for fresh,
     *                      the most the pool can serve)
     */
    public record Budget(Unit unit, Long perGeneration) implements Serializable {
        public Budget {
            if (unit == null) {
                throw new UserError("the budget's unit must be given");
            }
            if (perGeneration != null && perGeneration < 1) {
                throw new UserError((unit == Unit.DOCUMENTS ? "--docs-per-generation" : "--tokens-per-generation")
                        + " must be at least 1, got " + perGeneration);
            }
        }

        public static Budget tokens(long perGeneration) {
            return new Budget(Unit.TOKENS, perGeneration);
        }

        public static Budget documents(long perGeneration) {
            return new Budget(Unit.DOCUMENTS, perGeneration);
        }
    }

    /**
     * The tokenizer of generation 0 and after.
     *
     * @param model     generation 0's tokenizer, or null to train one of {@code vocabSize} on the real corpus
     * @param vocabSize the size of trained tokenizers
     */
    public record Tokenizer(TokenizerMode mode, String model, int vocabSize) implements Serializable {
        public Tokenizer {
            if (mode == null) {
                throw new UserError("--tokenizer must be fixed or retrain");
            }
            if ((model == null || mode == TokenizerMode.RETRAIN) && vocabSize < 256 + 3) {
                throw new UserError(
                        "--vocab-size must hold the 256 bytes and 3 special tokens: at least 259, got " + vocabSize);
            }
        }

        /** Trains generation 0's tokenizer, of the given size, on the real corpus. */
        public static Tokenizer trained(TokenizerMode mode, int vocabSize) {
            return new Tokenizer(mode, null, vocabSize);
        }
    }

    public CollapseOptions {
        if (corpus == null || output == null || recursion == null || budget == null || tokenizer == null) {
            throw new UserError("the corpus, the output, the recursion, the budget and the tokenizer must be given");
        }
        if (!corpus.keepColumns().isEmpty()) {
            throw new UserError("the collapse job keeps no input columns (--keep-columns is tokenize's)");
        }
        if (!(heldoutFraction >= 0 && heldoutFraction < 1)) {
            throw new UserError("--heldout-fraction must be in [0, 1), got " + heldoutFraction);
        }
        if (maxModelMegabytes < 0) {
            throw new UserError("--max-model-mb must be >= 0 (0: the default), got " + maxModelMegabytes);
        }
    }

    /** The settings that make a run what it is: a run resumes only under the same ones (generations may grow). */
    public Map<String, Object> identity() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("inputs", corpus.inputs());
        m.put("format", corpus.format() == null ? null : corpus.format().name().toLowerCase(Locale.ROOT));
        m.put("text_field", corpus.textField());
        m.put("id_field", corpus.idField());
        m.put("max_record_bytes", corpus.maxRecordBytes());
        m.put("loop", name(recursion.loop()));
        m.put("real_fraction", recursion.realFraction());
        m.put("lm_order", recursion.order());
        m.put("smoothing", recursion.smoothing().toString());
        m.put("temperature", recursion.bias().temperature());
        m.put("top_k", recursion.bias().topK());
        m.put("top_p", recursion.bias().topP());
        m.put("budget_unit", name(budget.unit()));
        m.put("per_generation", budget.perGeneration() == null ? "default" : budget.perGeneration());
        m.put("max_document_tokens", recursion.maxDocumentLength());
        m.put("tokenizer", name(tokenizer.mode()));
        m.put("model", tokenizer.model());
        m.put(
                "vocab_size",
                tokenizer.model() == null || tokenizer.mode() == TokenizerMode.RETRAIN ? tokenizer.vocabSize() : null);
        m.put("replicates", recursion.replicates());
        m.put("seed", recursion.seed());
        m.put("heldout_fraction", heldoutFraction);
        m.put("skip_bad_records", skipBadRecords);
        m.put("gen0", name(recursion.generation0()));
        return m;
    }

    /** The model and sampling settings of the common simulator, with the budget resolved to N units. */
    public CollapseSettings settings(long unitsPerGeneration) {
        return new CollapseSettings(recursion, unitsPerGeneration, NgramOverlap.DEFAULT_N);
    }

    /** The same options writing to another output. */
    public CollapseOptions withOutput(String output, boolean overwrite) {
        return new CollapseOptions(
                corpus,
                output,
                recursion,
                budget,
                tokenizer,
                heldoutFraction,
                maxModelMegabytes,
                skipBadRecords,
                overwrite);
    }

    static String name(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
