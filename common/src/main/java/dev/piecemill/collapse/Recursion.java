package dev.piecemill.collapse;

import dev.piecemill.lm.NgramLanguageModel;
import dev.piecemill.lm.SamplingBias;
import dev.piecemill.lm.Smoothing;
import dev.piecemill.util.UserError;
import java.io.Serializable;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * The self-consuming recursion simulated: how each generation's corpus is made, the language
 * model trained on it and how it is sampled, how many generations and independent replicates,
 * and the seed. Checked here, whoever builds it (the collapse job's options and the in-memory
 * simulator's settings both hold one); messages name the collapse command's options.
 *
 * @param realFraction      a, the real share of each generation's corpus (AUGMENT and FRESH; 0 otherwise)
 * @param maxDocumentLength a sampled document stops after this many tokens without EOS
 * @param generation0       a size-matched real sample per replicate measured against a real reference, or the whole corpus
 */
public record Recursion(
        Loop loop,
        double realFraction,
        int order,
        Smoothing smoothing,
        SamplingBias bias,
        int generations,
        int replicates,
        long seed,
        int maxDocumentLength,
        Generation0 generation0)
        implements Serializable {

    public Recursion {
        if (loop == null || smoothing == null || bias == null) {
            throw new UserError("the loop, the smoothing and the sampling bias must be given");
        }
        if (generation0 == null) {
            throw new UserError("--gen0 must be one of " + Arrays.toString(Generation0.values()));
        }
        if (generations < 0) {
            throw new UserError("--generations must be >= 0, got " + generations);
        }
        if (order < 1 || order > NgramLanguageModel.MAX_ORDER) {
            throw new UserError("--lm-order must be 1.." + NgramLanguageModel.MAX_ORDER + ", got " + order);
        }
        if (loop.mixesRealData() ? !(realFraction >= 0 && realFraction <= 1) : realFraction != 0) {
            throw new UserError(
                    loop.mixesRealData()
                            ? "--real-fraction must be in [0, 1], got " + realFraction
                            : "--real-fraction applies to the augment and fresh loops only");
        }
        if (replicates < 1) {
            throw new UserError("--replicates must be at least 1, got " + replicates);
        }
        if (maxDocumentLength < 1) {
            throw new UserError("--max-doc-tokens must be at least 1, got " + maxDocumentLength);
        }
    }

    /** Fully synthetic, trigram Kneser-Ney, unbiased, 10 generations, 1 replicate, seed 1, a sampled generation 0. */
    public static Recursion defaults() {
        return new Recursion(
                Loop.FULLY_SYNTHETIC,
                0.0,
                3,
                Smoothing.defaults(),
                SamplingBias.NONE,
                10,
                1,
                1L,
                1_000,
                Generation0.SAMPLE);
    }

    public Recursion withLoop(Loop loop, double realFraction) {
        return with(c -> {
            c.loop = loop;
            c.realFraction = realFraction;
        });
    }

    public Recursion withModel(int order, Smoothing smoothing) {
        return with(c -> {
            c.order = order;
            c.smoothing = smoothing;
        });
    }

    public Recursion withBias(SamplingBias bias) {
        return with(c -> c.bias = bias);
    }

    public Recursion withRuns(int generations, int replicates) {
        return with(c -> {
            c.generations = generations;
            c.replicates = replicates;
        });
    }

    public Recursion withSeed(long seed) {
        return with(c -> c.seed = seed);
    }

    public Recursion withMaxDocumentLength(int maxDocumentLength) {
        return with(c -> c.maxDocumentLength = maxDocumentLength);
    }

    public Recursion withGeneration0(Generation0 generation0) {
        return with(c -> c.generation0 = generation0);
    }

    /** This recursion with the changes made to a copy of its fields, checked again as a new one. */
    private Recursion with(Consumer<Copy> change) {
        Copy copy = new Copy(this);
        change.accept(copy);
        return copy.build();
    }

    /** The fields of a recursion being changed: one place that lists them all, in order. */
    private static final class Copy {
        private Loop loop;
        private double realFraction;
        private int order;
        private Smoothing smoothing;
        private SamplingBias bias;
        private int generations;
        private int replicates;
        private long seed;
        private int maxDocumentLength;
        private Generation0 generation0;

        private Copy(Recursion r) {
            loop = r.loop;
            realFraction = r.realFraction;
            order = r.order;
            smoothing = r.smoothing;
            bias = r.bias;
            generations = r.generations;
            replicates = r.replicates;
            seed = r.seed;
            maxDocumentLength = r.maxDocumentLength;
            generation0 = r.generation0;
        }

        private Recursion build() {
            return new Recursion(
                    loop,
                    realFraction,
                    order,
                    smoothing,
                    bias,
                    generations,
                    replicates,
                    seed,
                    maxDocumentLength,
                    generation0);
        }
    }
}
