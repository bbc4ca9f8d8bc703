package dev.piecemill.collapse;

import dev.piecemill.lm.SamplingBias;
import dev.piecemill.lm.Smoothing;
import dev.piecemill.metrics.NgramOverlap;
import dev.piecemill.util.UserError;

/**
 * One simulated setting: the recursion, with its budget resolved to N and the overlap's n.
 *
 * @param tokensPerGeneration N, content tokens sampled (or mixed) per generation
 * @param overlapN            n of the n-gram precision and recall
 */
public record CollapseSettings(Recursion recursion, long tokensPerGeneration, int overlapN) {

    public CollapseSettings {
        if (recursion == null) {
            throw new UserError("the recursion must be given");
        }
        if (tokensPerGeneration < 1 || overlapN < 1) {
            throw new UserError("the budget and the overlap's n must be at least 1: " + this);
        }
    }

    /** {@link Recursion#defaults()}, 10,000 tokens a generation. */
    public static CollapseSettings defaults() {
        return new CollapseSettings(Recursion.defaults(), 10_000, NgramOverlap.DEFAULT_N);
    }

    public CollapseSettings with(Recursion recursion) {
        return new CollapseSettings(recursion, tokensPerGeneration, overlapN);
    }

    public CollapseSettings withSizes(long tokensPerGeneration, int generations, int replicates) {
        return new CollapseSettings(recursion.withRuns(generations, replicates), tokensPerGeneration, overlapN);
    }

    public CollapseSettings withLoop(Loop loop, double realFraction) {
        return with(recursion.withLoop(loop, realFraction));
    }

    public CollapseSettings withModel(int order, Smoothing smoothing) {
        return with(recursion.withModel(order, smoothing));
    }

    public CollapseSettings withBias(SamplingBias bias) {
        return with(recursion.withBias(bias));
    }

    public CollapseSettings withSeed(long seed) {
        return with(recursion.withSeed(seed));
    }

    public CollapseSettings withMaxDocumentLength(int maxDocumentLength) {
        return with(recursion.withMaxDocumentLength(maxDocumentLength));
    }

    public CollapseSettings withGeneration0(Generation0 generation0) {
        return with(recursion.withGeneration0(generation0));
    }

    /** Real tokens per generation in AUGMENT and FRESH: round(a N). */
    public long realTokensPerGeneration() {
        return recursion.loop().mixesRealData() ? Math.round(recursion.realFraction() * tokensPerGeneration) : 0;
    }

    /** Sampled tokens per generation. */
    public long syntheticTokensPerGeneration() {
        return tokensPerGeneration - realTokensPerGeneration();
    }
}
