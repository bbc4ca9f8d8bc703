package dev.piecemill.collapse;

import dev.piecemill.lm.NgramLanguageModel;
import dev.piecemill.lm.SamplingBias;
import dev.piecemill.lm.Smoothing;
import dev.piecemill.metrics.NgramOverlap;
import dev.piecemill.util.UserError;
import java.util.Arrays;

/**
 * One simulated setting: the loop, the model and its sampling, the sizes and the seed.
 *
 * @param realFraction       a, the real share of each generation's tokens (AUGMENT and FRESH)
 * @param tokensPerGeneration N, content tokens sampled (or mixed) per generation
 * @param maxDocumentLength  a sampled document stops after this many tokens without EOS
 * @param overlapN           n of the n-gram precision and recall
 * @param generation0        a size-matched real sample per replicate measured against a real reference, or the whole corpus
 */
public record CollapseSettings(Loop loop, double realFraction, int order, Smoothing smoothing, SamplingBias bias,
                               long tokensPerGeneration, int generations, int replicates, long seed,
                               int maxDocumentLength, int overlapN, Generation0 generation0) {

    public CollapseSettings {
        if (order < 1 || order > NgramLanguageModel.MAX_ORDER) {
            throw new UserError("order must be 1.." + NgramLanguageModel.MAX_ORDER);
        }
        if (loop.mixesRealData() && !(realFraction >= 0 && realFraction <= 1)) {
            throw new UserError("real fraction must be in [0, 1], got " + realFraction);
        }
        if (generation0 == null) {
            throw new UserError("generation 0 must be given: " + Arrays.toString(Generation0.values()));
        }
        if (tokensPerGeneration < 1 || generations < 0 || replicates < 1 || maxDocumentLength < 1 || overlapN < 1) {
            throw new UserError("sizes must be positive: " + this);
        }
    }

    /** Fully synthetic, trigram Kneser-Ney, unbiased, 10,000 tokens, 10 generations, 1 replicate, a sampled generation 0. */
    public static CollapseSettings defaults() {
        return new CollapseSettings(Loop.FULLY_SYNTHETIC, 0.0, 3, Smoothing.defaults(), SamplingBias.NONE,
                10_000, 10, 1, 1L, 1_000, NgramOverlap.DEFAULT_N, Generation0.SAMPLE);
    }

    public CollapseSettings withLoop(Loop loop, double realFraction) {
        return new CollapseSettings(loop, realFraction, order, smoothing, bias, tokensPerGeneration, generations,
                replicates, seed, maxDocumentLength, overlapN, generation0);
    }

    public CollapseSettings withModel(int order, Smoothing smoothing) {
        return new CollapseSettings(loop, realFraction, order, smoothing, bias, tokensPerGeneration, generations,
                replicates, seed, maxDocumentLength, overlapN, generation0);
    }

    public CollapseSettings withBias(SamplingBias bias) {
        return new CollapseSettings(loop, realFraction, order, smoothing, bias, tokensPerGeneration, generations,
                replicates, seed, maxDocumentLength, overlapN, generation0);
    }

    public CollapseSettings withSizes(long tokensPerGeneration, int generations, int replicates) {
        return new CollapseSettings(loop, realFraction, order, smoothing, bias, tokensPerGeneration, generations,
                replicates, seed, maxDocumentLength, overlapN, generation0);
    }

    public CollapseSettings withSeed(long seed) {
        return new CollapseSettings(loop, realFraction, order, smoothing, bias, tokensPerGeneration, generations,
                replicates, seed, maxDocumentLength, overlapN, generation0);
    }

    public CollapseSettings withMaxDocumentLength(int maxDocumentLength) {
        return new CollapseSettings(loop, realFraction, order, smoothing, bias, tokensPerGeneration, generations,
                replicates, seed, maxDocumentLength, overlapN, generation0);
    }

    public CollapseSettings withGeneration0(Generation0 generation0) {
        return new CollapseSettings(loop, realFraction, order, smoothing, bias, tokensPerGeneration, generations,
                replicates, seed, maxDocumentLength, overlapN, generation0);
    }

    /** Real tokens per generation in AUGMENT and FRESH: round(a N). */
    public long realTokensPerGeneration() {
        return loop.mixesRealData() ? Math.round(realFraction * tokensPerGeneration) : 0;
    }

    /** Sampled tokens per generation. */
    public long syntheticTokensPerGeneration() {
        return tokensPerGeneration - realTokensPerGeneration();
    }
}
