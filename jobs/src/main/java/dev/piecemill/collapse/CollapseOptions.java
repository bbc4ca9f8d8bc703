package dev.piecemill.collapse;

import dev.piecemill.io.CorpusOptions;
import dev.piecemill.lm.NgramLanguageModel;
import dev.piecemill.lm.SamplingBias;
import dev.piecemill.lm.Smoothing;
import dev.piecemill.util.UserError;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Options of the collapse job.
 *
 * @param unit             what a generation's budget counts: tokens or documents
 * @param perGeneration    the budget N (units per generation), or 0 for the default (the real
 *                         corpus's size; for fresh, the most the pool can serve)
 * @param model            generation 0's tokenizer, or null to train one of {@code vocabSize} on the real corpus
 * @param heldoutFraction  share of real documents (by a hash of their id) kept out of training, for held-out metrics
 * @param maxModelMegabytes bound on one generation's language models together (they are broadcast), 0 for the default
 * @param generation0      a size-matched real sample per replicate, measured against a disjoint real reference
 *                         (the default), or the whole corpus ({@link Generation0})
 */
public record CollapseOptions(CorpusOptions corpus, String output, int generations, Loop loop, double realFraction,
                              int order, Smoothing smoothing, SamplingBias bias, Unit unit, long perGeneration,
                              int maxDocumentTokens, TokenizerMode tokenizer, String model, int vocabSize,
                              int replicates, long seed, double heldoutFraction, long maxModelMegabytes,
                              boolean skipBadRecords, boolean overwrite, Generation0 generation0)
        implements Serializable {

    public enum Unit { TOKENS, DOCUMENTS }

    public enum TokenizerMode { FIXED, RETRAIN }

    public static final int DEFAULT_VOCAB_SIZE = 8000;
    public static final int DEFAULT_MAX_DOCUMENT_TOKENS = 2048;
    public static final double DEFAULT_HELDOUT_FRACTION = 0.05;

    public CollapseOptions {
        if (generations < 0) {
            throw new UserError("--generations must be >= 0, got " + generations);
        }
        if (order < 1 || order > NgramLanguageModel.MAX_ORDER) {
            throw new UserError("--lm-order must be 1.." + NgramLanguageModel.MAX_ORDER + ", got " + order);
        }
        if (loop.mixesRealData() ? !(realFraction >= 0 && realFraction <= 1) : realFraction != 0) {
            throw new UserError(loop.mixesRealData()
                    ? "--real-fraction must be in [0, 1], got " + realFraction
                    : "--real-fraction applies to the augment and fresh loops only");
        }
        if (perGeneration < 0 || maxDocumentTokens < 1 || replicates < 1 || maxModelMegabytes < 0) {
            throw new UserError("--tokens-per-generation, --docs-per-generation, --max-doc-tokens, "
                    + "--replicates and --max-model-mb must be positive");
        }
        if (model == null && vocabSize < 256 + 3) {
            throw new UserError("--vocab-size must hold the 256 bytes and 3 special tokens: at least 259, got "
                    + vocabSize);
        }
        if (generation0 == null) {
            throw new UserError("--gen0 must be sample or corpus");
        }
        if (!(heldoutFraction >= 0 && heldoutFraction < 1)) {
            throw new UserError("--heldout-fraction must be in [0, 1), got " + heldoutFraction);
        }
    }

    /** The settings that make a run what it is: a run resumes only under the same ones (generations may grow). */
    public Map<String, Object> identity() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("inputs", corpus.inputs());
        m.put("format", corpus.format() == null ? null : corpus.format().name().toLowerCase());
        m.put("text_field", corpus.textField());
        m.put("id_field", corpus.idField());
        m.put("loop", name(loop));
        m.put("real_fraction", realFraction);
        m.put("lm_order", order);
        m.put("smoothing", smoothing.toString());
        m.put("temperature", bias.temperature());
        m.put("top_k", bias.topK());
        m.put("top_p", bias.topP());
        m.put("budget_unit", name(unit));
        m.put("per_generation", perGeneration == 0 ? "default" : perGeneration);
        m.put("max_document_tokens", maxDocumentTokens);
        m.put("tokenizer", name(tokenizer));
        m.put("model", model);
        m.put("vocab_size", model == null ? vocabSize : null);
        m.put("replicates", replicates);
        m.put("seed", seed);
        m.put("heldout_fraction", heldoutFraction);
        m.put("skip_bad_records", skipBadRecords);
        m.put("gen0", name(generation0));
        return m;
    }

    /** The model and sampling settings of the common simulator, with the budget resolved to N units. */
    public CollapseSettings settings(long unitsPerGeneration) {
        return new CollapseSettings(loop, realFraction, order, smoothing, bias, unitsPerGeneration, generations,
                replicates, seed, maxDocumentTokens, dev.piecemill.metrics.NgramOverlap.DEFAULT_N, generation0);
    }

    static String name(Enum<?> value) {
        return value.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
