package dev.piecemill.lm;

import java.io.Serializable;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A token n-gram language model of order 1..5 over int token ids.
 *
 * <p>Every document is read as {@code <bos>^(order-1) w1 .. wn <eos>}: contexts before the first
 * token are padded with {@link TokenIds#BOS}, and {@link TokenIds#EOS} is predicted like any
 * token. The <em>support</em> V is every token predicted in training: the content ids seen plus
 * EOS. A context is the last {@code order - 1} tokens before the predicted one.
 *
 * <p>The parts: the counts ({@link NgramCounts}: contexts in a trie, continuations in flat
 * arrays, no per-token O(|V|) work, biased or not; top-k and top-p pay O(|V|) once per context),
 * one {@link Estimator} per smoothing ({@link MaximumLikelihood}, {@link AddK}, {@link KneserNey}:
 * each smoothing's probability, bound, distribution, draw and ranking together), and the kept
 * sets of truncating biases ({@link KeptSets}). This class reads contexts and samples.
 *
 * <p>For interpolated Kneser-Ney, {@code D_m = n1 / (n1 + 2 n2)} from order m's count-of-counts.
 * The highest order uses raw counts; lower orders use continuation counts {@code N1+(. h w)}
 * (how many distinct tokens precede {@code h w}), except n-grams starting with BOS, which cannot
 * be extended to the left and keep raw counts (as KenLM does). A context unseen in training
 * falls through to its longest seen suffix. When an order has no singletons (n1 = 0) D = 1/2 so
 * every token of the support keeps positive probability.
 */
public final class NgramLanguageModel implements Serializable {
    private static final long serialVersionUID = 2L;
    public static final int MAX_ORDER = 5;
    static final double FALLBACK_DISCOUNT = 0.5;
    /** Proposals of a rejection sampler before it hands over to the dense draw. */
    private static final int MAX_REJECTIONS = 256;

    private final Smoothing smoothing;
    private final NgramCounts counts;
    private final Estimator estimator;
    private final double[] discounts;
    /** Found as sampling meets contexts, so not broadcast: each executor builds its own. */
    private transient volatile KeptSets keptSets;

    NgramLanguageModel(
            int order,
            Smoothing smoothing,
            IntSequenceTrie contexts,
            int[] support,
            int[] firstEntry,
            int[] entrySupportIndex,
            long[] entryCumulative,
            double[] discounts) {
        this.smoothing = smoothing;
        this.counts = new NgramCounts(order, contexts, support, firstEntry, entrySupportIndex, entryCumulative);
        this.estimator = Estimator.of(smoothing, counts, discounts);
        this.discounts = discounts;
    }

    /** Trains a model on documents of content token ids (no BOS or EOS inside). */
    public static NgramLanguageModel train(Iterable<int[]> documents, int order, Smoothing smoothing) {
        return NgramModelBuilder.build(documents, order, smoothing);
    }

    /**
     * The model whose training events are a tally of BOS-padded n-grams of length order (as
     * {@link NgramTally#addPaddedDocument} counts them); the same model as {@link #train} on the
     * documents, wherever the counting ran.
     */
    public static NgramLanguageModel fromCounts(NgramTally paddedNgrams, Smoothing smoothing) {
        return NgramModelBuilder.build(paddedNgrams, smoothing);
    }

    /** Trains a Kneser-Ney model (the default smoothing). */
    public static NgramLanguageModel train(Iterable<int[]> documents, int order) {
        return train(documents, order, Smoothing.defaults());
    }

    public int order() {
        return counts.order();
    }

    public Smoothing smoothing() {
        return smoothing;
    }

    /** The support: token ids the model can predict, ascending (EOS included). */
    public int[] support() {
        return counts.supportTokens().clone();
    }

    public int supportSize() {
        return counts.supportSize();
    }

    /** True when the token is in the support (seen in training, or EOS). */
    public boolean inSupport(int token) {
        return counts.indexOf(token) != NgramCounts.OUTSIDE_SUPPORT;
    }

    /** True when the support holds a content token, so a sampled document can be non-empty. */
    public boolean hasContent() {
        int[] support = counts.supportTokens();
        return support[support.length - 1] >= TokenIds.FIRST_CONTENT;
    }

    /** Number of distinct contexts of every length 0..order-1 seen in training. */
    public int contextCount() {
        return counts.contextCount();
    }

    /** Entries: (context, token) pairs seen in training, over every context length. */
    public int entryCount() {
        return counts.entries();
    }

    /**
     * Approximate heap bytes of the model: the context trie, the flat entry arrays (an int and a
     * long each) and the support. What a broadcast of it costs each executor.
     */
    public long memoryBytes() {
        return counts.memoryBytes();
    }

    /** The Kneser-Ney discount of n-grams of length {@code ngramOrder} (1..order). */
    public double discount(int ngramOrder) {
        return discounts[ngramOrder - 1];
    }

    /**
     * P(token | context), the context being the tokens before it in its document (only the last
     * order-1 are read; fewer are padded with BOS). 0 for a token outside the support; with
     * smoothing NONE also 0 for a context never seen in training (the maximum-likelihood
     * distribution is undefined there).
     */
    public double probability(int[] history, int length, int token) {
        int index = counts.indexOf(token);
        if (index == NgramCounts.OUTSIDE_SUPPORT) {
            return 0;
        }
        return probabilityOfIndex(history, length, index, new int[counts.order()]);
    }

    /** The support index of a token, or {@link NgramCounts#OUTSIDE_SUPPORT}. */
    int supportIndexOf(int token) {
        return counts.indexOf(token);
    }

    /** {@link #probability} of the token at support {@code index}, with {@code chain} (order ints) as scratch. */
    double probabilityOfIndex(int[] history, int length, int index, int[] chain) {
        return estimator.probability(chain, counts.chain(history, length, chain), index);
    }

    /** ln P(token | context); -infinity where {@link #probability} is 0. */
    public double logProb(int[] context, int token) {
        return Math.log(probability(context, context.length, token));
    }

    /**
     * P(. | context) over the whole support (index i is {@code support()[i]}). O(|V|): meant for
     * tests and biased sampling.
     *
     * @throws IllegalStateException with smoothing NONE when the context was never seen
     */
    public double[] distribution(int[] history, int length) {
        int[] chain = new int[counts.order()];
        return estimator.distribution(chain, definedChain(history, length, chain));
    }

    /**
     * Draws the next token after {@code history[0..length)}. Unbiased sampling is the estimator's
     * exact draw, with no O(|V|) work. Every bias is sampled by rejection from that draw (exact,
     * a few proposals of O(order log) each): a temperature below 1 against a bound on the largest
     * probability, above 1 from a mixture with the uniform; top-k and top-p first rank the
     * context's distribution once, in O(seen log seen + |V|) (see {@link Estimator#ranking}),
     * and remember where they cut it ({@link KeptSets}). Should rejection stall, the full
     * distribution over the support is built for that token (O(|V|)); for NONE only the
     * context's observed continuations.
     *
     * @throws IllegalStateException with smoothing NONE when the context was never seen
     */
    public int sampleNext(int[] history, int length, SamplingBias bias, SplittableRandom random) {
        int[] chain = new int[counts.order()];
        int deepest = definedChain(history, length, chain);
        int[] support = counts.supportTokens();
        if (bias.isUnbiased()) {
            return support[estimator.draw(chain, deepest, random)];
        }
        int index;
        if (bias.truncates()) {
            index = drawTruncated(chain, deepest, bias, random);
        } else if (bias.temperature() < 1) {
            index = drawSharpened(chain, deepest, 1 / bias.temperature() - 1, random);
        } else {
            index = drawFlattened(chain, deepest, 1 / bias.temperature(), random);
        }
        return support[index >= 0 ? index : estimator.denseBiasedDraw(chain, deepest, bias, random)];
    }

    /**
     * A draw from P^(1/T) renormalized, T < 1, by rejection: propose from P, accept with
     * probability (P / B)^(1/T - 1) for the bound B >= max P, so accepted draws have probability
     * proportional to P^(1/T). Exact, O(order log) per proposal, no O(|V|) pass. Returns -1 after
     * too many rejections (a long flat tail far below the bound), for the dense path to finish.
     */
    private int drawSharpened(int[] chain, int deepest, double exponent, SplittableRandom random) {
        double bound = estimator.probabilityBound(chain, deepest);
        for (int attempt = 0; attempt < MAX_REJECTIONS; attempt++) {
            int index = estimator.draw(chain, deepest, random);
            double p = estimator.probability(chain, deepest, index);
            if (random.nextDouble() < Math.pow(p / bound, exponent)) {
                return index;
            }
        }
        return -1;
    }

    /**
     * A draw from P^(1/T) renormalized, T > 1, by rejection: propose from the mixture
     * (1/T) P + (1 - 1/T) U of P and the uniform U = 1/|V|, accept with probability
     * P^(1/T) U^(1 - 1/T) / ((1/T) P + (1 - 1/T) U), at most 1 by the weighted AM-GM inequality, so
     * accepted draws have probability proportional to P^(1/T). Returns -1 after too many rejections.
     */
    private int drawFlattened(int[] chain, int deepest, double power, SplittableRandom random) {
        int n = counts.supportSize();
        double uniform = 1.0 / n;
        double logUniform = Math.log(uniform);
        for (int attempt = 0; attempt < MAX_REJECTIONS; attempt++) {
            int index = random.nextDouble() < power ? estimator.draw(chain, deepest, random) : random.nextInt(n);
            double p = estimator.probability(chain, deepest, index);
            double accept = p > 0
                    ? Math.exp(power * Math.log(p) + (1 - power) * logUniform) / (power * p + (1 - power) * uniform)
                    : 0;
            if (random.nextDouble() < accept) {
                return index;
            }
        }
        return -1;
    }

    /**
     * A draw under top-k or top-p (and any temperature) by rejection: propose from P, accept if the
     * token is in the context's kept set and then with probability (P / B)^(1/T - 1), B the kept
     * set's highest probability for T < 1 and its lowest for T > 1, so the ratio is at most 1.
     * Returns -1 after too many rejections.
     */
    private int drawTruncated(int[] chain, int deepest, SamplingBias bias, SplittableRandom random) {
        KeptSets.KeptSet kept = keptSets().get(chain, deepest, bias);
        double exponent = 1 / bias.temperature() - 1;
        double reference = exponent > 0 ? kept.highest() : kept.lowest();
        for (int attempt = 0; attempt < MAX_REJECTIONS; attempt++) {
            int index = estimator.draw(chain, deepest, random);
            double p = estimator.probability(chain, deepest, index);
            if (kept.contains(p, index) && (exponent == 0 || random.nextDouble() < Math.pow(p / reference, exponent))) {
                return index;
            }
        }
        return -1;
    }

    private KeptSets keptSets() {
        KeptSets sets = keptSets;
        if (sets == null) {
            synchronized (this) {
                if (keptSets == null) {
                    keptSets = new KeptSets(estimator);
                }
                sets = keptSets;
            }
        }
        return sets;
    }

    /** Which support indices a truncating bias keeps after the context {@code history[0..length)}; for tests. */
    boolean[] keptIndices(int[] history, int length, SamplingBias bias) {
        int[] chain = new int[counts.order()];
        int deepest = counts.chain(history, length, chain);
        KeptSets.KeptSet kept = KeptSets.find(estimator, chain, deepest, bias);
        boolean[] keeps = new boolean[counts.supportSize()];
        for (int i = 0; i < keeps.length; i++) {
            keeps[i] = kept.contains(estimator.probability(chain, deepest, i), i);
        }
        return keeps;
    }

    /** P(. | history[0..length)) ranked as top-k and top-p cut it; for tests. */
    Ranking ranking(int[] history, int length) {
        int[] chain = new int[counts.order()];
        return estimator.ranking(chain, counts.chain(history, length, chain));
    }

    /** The context's chain and its deepest seen depth, refused where the estimate is undefined. */
    private int definedChain(int[] history, int length, int[] chain) {
        int deepest = counts.chain(history, length, chain);
        if (!estimator.isDefinedAt(deepest)) {
            int order = counts.order();
            int from = Math.max(0, length - (order - 1));
            throw new IllegalStateException("context " + Arrays.toString(Arrays.copyOfRange(history, from, length))
                    + " (BOS-padded to " + (order - 1)
                    + ") was never seen in training; an unsmoothed model has no distribution there");
        }
        return deepest;
    }
}
