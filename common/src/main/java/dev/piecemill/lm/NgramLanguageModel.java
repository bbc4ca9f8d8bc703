package dev.piecemill.lm;

import it.unimi.dsi.fastutil.ints.Int2IntOpenHashMap;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.SplittableRandom;

/**
 * A token n-gram language model of order 1..5 over int token ids.
 *
 * <p>Every document is read as {@code <bos>^(order-1) w1 .. wn <eos>}: contexts before the first
 * token are padded with {@link TokenIds#BOS}, and {@link TokenIds#EOS} is predicted like any
 * token. The <em>support</em> V is every token predicted in training: the content ids seen plus
 * EOS. A context is the last {@code order - 1} tokens before the predicted one.
 *
 * <p>Storage: contexts are nodes of an {@link IntSequenceTrie} read most recent token first, so
 * a node's parent is the same context without its oldest token (the next lower order). Each
 * node's observed continuations sit in flat arrays (support index ascending, cumulative counts),
 * which serve both probabilities (binary search) and sampling (binary search on cumulative
 * counts), with no per-token O(|V|) work, biased or not (top-k and top-p pay O(|V|) once per context).
 *
 * <p>Smoothing (see {@link Smoothing}); for interpolated Kneser-Ney, with {@code c_m} the counts
 * at order m and {@code D_m = n1 / (n1 + 2 n2)} from the order's count-of-counts:
 * <pre>
 *   P_0(w)   = 1 / |V|
 *   P_m(w|h) = max(c_m(h w) - D_m, 0) / c_m(h .) + D_m N1+(h .) / c_m(h .) * P_(m-1)(w | h minus its oldest token)
 * </pre>
 * The highest order uses raw counts; lower orders use continuation counts {@code N1+(. h w)}
 * (how many distinct tokens precede {@code h w}), except n-grams starting with BOS, which cannot
 * be extended to the left and keep raw counts (as KenLM does). A context unseen in training
 * falls through to its longest seen suffix. When an order has no singletons (n1 = 0) D = 1/2 so
 * every token of the support keeps positive probability.
 */
public final class NgramLanguageModel implements Serializable {
    private static final long serialVersionUID = 1L;
    public static final int MAX_ORDER = 5;
    static final double FALLBACK_DISCOUNT = 0.5;
    /** Proposals of a rejection sampler before it hands over to the dense draw. */
    private static final int MAX_REJECTIONS = 256;
    /** Contexts whose kept set is remembered, per bias (about 100 bytes each); others are found again. */
    private static final int MAX_KEPT_SETS = 500_000;

    private final int order;
    private final Smoothing smoothing;
    private final IntSequenceTrie contexts;
    private final int[] support;
    private final Int2IntOpenHashMap supportIndex;
    private final int[] firstEntry;
    private final int[] entrySupportIndex;
    private final long[] entryCumulative;
    private final double[] discounts;
    /** The largest count of each context node's entries (a bound for {@link #probabilityBound}). */
    private final long[] maxCount;
    /** Kept sets of truncating biases, per bias and context, found as sampling meets them (not broadcast). */
    private transient volatile Map<SamplingBias, Map<Integer, KeptSet>> keptSets;
    /** Kneser-Ney's order-0 distribution ranked, the order every context's unseen tail follows (built on first use). */
    private transient volatile Ranking lowestOrderRanking;

    NgramLanguageModel(int order, Smoothing smoothing, IntSequenceTrie contexts, int[] support,
                       int[] firstEntry, int[] entrySupportIndex, long[] entryCumulative, double[] discounts) {
        this.order = order;
        this.smoothing = smoothing;
        this.contexts = contexts;
        this.support = support;
        this.supportIndex = new Int2IntOpenHashMap(support.length);
        this.supportIndex.defaultReturnValue(-1);
        for (int i = 0; i < support.length; i++) {
            supportIndex.put(support[i], i);
        }
        this.firstEntry = firstEntry;
        this.entrySupportIndex = entrySupportIndex;
        this.entryCumulative = entryCumulative;
        this.discounts = discounts;
        this.maxCount = new long[firstEntry.length - 1];
        for (int node = 0; node < maxCount.length; node++) {
            for (int e = firstEntry[node]; e < firstEntry[node + 1]; e++) {
                maxCount[node] = Math.max(maxCount[node], entryCount(node, e));
            }
        }
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
        return order;
    }

    public Smoothing smoothing() {
        return smoothing;
    }

    /** The support: token ids the model can predict, ascending (EOS included). */
    public int[] support() {
        return support.clone();
    }

    public int supportSize() {
        return support.length;
    }

    /** True when the token is in the support (seen in training, or EOS). */
    public boolean inSupport(int token) {
        return supportIndex.containsKey(token);
    }

    /** True when the support holds a content token, so a sampled document can be non-empty. */
    public boolean hasContent() {
        return support[support.length - 1] >= TokenIds.FIRST_CONTENT;
    }

    /** Number of distinct contexts of every length 0..order-1 seen in training. */
    public int contextCount() {
        return contexts.size();
    }

    /** Entries: (context, token) pairs seen in training, over every context length. */
    public int entryCount() {
        return entrySupportIndex.length;
    }

    /**
     * Approximate heap bytes of the model: the context trie, the flat entry arrays (an int and a
     * long each) and the support. What a broadcast of it costs each executor.
     */
    public long memoryBytes() {
        long supportBytes = (long) support.length * (Integer.BYTES + 2 * Integer.BYTES * 2);
        return contexts.memoryBytes() + (long) firstEntry.length * (Integer.BYTES + Long.BYTES)
                + (long) entrySupportIndex.length * (Integer.BYTES + Long.BYTES) + supportBytes;
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
        int index = supportIndex.get(token);
        if (index < 0) {
            return 0;
        }
        int[] chain = new int[order];
        return probabilityAt(chain, contextChain(history, length, chain), index);
    }

    /** P(support[index] | the context whose seen suffixes are chain[0..deepest]). */
    private double probabilityAt(int[] chain, int deepest, int index) {
        switch (smoothing.method()) {
            case NONE: {
                if (deepest < order - 1) {
                    return 0;
                }
                int node = chain[deepest];
                return (double) observedCount(node, index) / total(node);
            }
            case ADD_K: {
                double k = smoothing.k();
                if (deepest < order - 1) {
                    return 1.0 / support.length;
                }
                int node = chain[deepest];
                return (observedCount(node, index) + k) / (total(node) + k * support.length);
            }
            default: {
                double p = 1.0 / support.length;
                for (int depth = 0; depth <= deepest; depth++) {
                    int node = chain[depth];
                    double total = total(node);
                    double d = discounts[depth];
                    long count = observedCount(node, index);
                    p = Math.max(count - d, 0) / total + d * distinct(node) / total * p;
                }
                return p;
            }
        }
    }

    /**
     * An upper bound on P(. | context) over the support, from each context node's largest count:
     * what rejection sampling under a temperature below 1 needs, in O(order).
     */
    private double probabilityBound(int[] chain, int deepest) {
        switch (smoothing.method()) {
            case NONE:
                return (double) maxCount[chain[deepest]] / total(chain[deepest]);
            case ADD_K: {
                if (deepest < order - 1) {
                    return 1.0 / support.length;
                }
                int node = chain[deepest];
                double k = smoothing.k();
                return (maxCount[node] + k) / (total(node) + k * support.length);
            }
            default: {
                double bound = 1.0 / support.length;
                for (int depth = 0; depth <= deepest; depth++) {
                    int node = chain[depth];
                    double total = total(node);
                    double d = discounts[depth];
                    bound = Math.max(maxCount[node] - d, 0) / total + d * distinct(node) / total * bound;
                }
                return Math.min(1, bound);
            }
        }
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
        int[] chain = new int[order];
        int deepest = contextChain(history, length, chain);
        if (smoothing.method() == Smoothing.Method.NONE && deepest < order - 1) {
            throw unseenContext(history, length);
        }
        return distributionAt(chain, deepest);
    }

    private double[] distributionAt(int[] chain, int deepest) {
        double[] p = new double[support.length];
        switch (smoothing.method()) {
            case NONE: {
                int node = chain[deepest];
                double total = total(node);
                for (int e = firstEntry[node]; e < firstEntry[node + 1]; e++) {
                    p[entrySupportIndex[e]] = entryCount(node, e) / total;
                }
                return p;
            }
            case ADD_K: {
                double k = smoothing.k();
                boolean seen = deepest == order - 1;
                double denominator = (seen ? total(chain[deepest]) : 0) + k * support.length;
                Arrays.fill(p, k / denominator);
                if (seen) {
                    int node = chain[deepest];
                    for (int e = firstEntry[node]; e < firstEntry[node + 1]; e++) {
                        p[entrySupportIndex[e]] += entryCount(node, e) / denominator;
                    }
                }
                return p;
            }
            default: {
                Arrays.fill(p, 1.0 / support.length);
                for (int depth = 0; depth <= deepest; depth++) {
                    int node = chain[depth];
                    double total = total(node);
                    double d = discounts[depth];
                    double lowerWeight = d * distinct(node) / total;
                    for (int i = 0; i < p.length; i++) {
                        p[i] *= lowerWeight;
                    }
                    for (int e = firstEntry[node]; e < firstEntry[node + 1]; e++) {
                        p[entrySupportIndex[e]] += Math.max(entryCount(node, e) - d, 0) / total;
                    }
                }
                return p;
            }
        }
    }

    /**
     * Draws the next token after {@code history[0..length)}. Unbiased sampling is exact and
     * avoids O(|V|) work: NONE draws from the context's cumulative counts; ADD_K picks the
     * observed counts with probability c(h)/(c(h) + k|V|), else a uniform token; Kneser-Ney walks
     * the interpolation from the highest order down, taking an observed continuation (weights
     * c - D) with probability 1 - D N1+(h .)/c(h), else recursing, ending on the uniform. Every
     * bias is sampled by rejection from that draw (exact, a few proposals of O(order log) each):
     * a temperature below 1 against a bound on the largest probability, above 1 from a mixture
     * with the uniform; top-k and top-p first rank the context's distribution once, in
     * O(seen log seen + |V|) with the shared lower-order order (see {@link #rankingAt}), and
     * remember where they cut it. Should rejection stall, the full distribution over the support
     * is built for that token (O(|V|)); for NONE only the context's observed continuations.
     *
     * @throws IllegalStateException with smoothing NONE when the context was never seen
     */
    public int sampleNext(int[] history, int length, SamplingBias bias, SplittableRandom random) {
        int[] chain = new int[order];
        int deepest = contextChain(history, length, chain);
        if (smoothing.method() == Smoothing.Method.NONE && deepest < order - 1) {
            throw unseenContext(history, length);
        }
        if (bias.isUnbiased()) {
            return support[drawIndex(chain, deepest, random)];
        }
        int index;
        if (bias.truncates()) {
            index = drawTruncated(chain, deepest, bias, random);
        } else if (bias.temperature() < 1) {
            index = drawSharpened(chain, deepest, 1 / bias.temperature() - 1, random);
        } else {
            index = drawFlattened(chain, deepest, 1 / bias.temperature(), random);
        }
        return index >= 0 ? support[index] : sampleBiased(chain, deepest, bias, random);
    }

    /** A support index drawn from P(. | context) exactly, in O(order log) (see {@link #sampleNext}). */
    private int drawIndex(int[] chain, int deepest, SplittableRandom random) {
        switch (smoothing.method()) {
            case NONE:
                return drawObserved(chain[deepest], 0, random.nextLong(total(chain[deepest])));
            case ADD_K: {
                long observed = deepest == order - 1 ? total(chain[deepest]) : 0;
                double denominator = observed + smoothing.k() * support.length;
                if (random.nextDouble() * denominator < observed) {
                    return drawObserved(chain[deepest], 0, random.nextLong(observed));
                }
                return random.nextInt(support.length);
            }
            default: {
                for (int depth = deepest; depth >= 0; depth--) {
                    int node = chain[depth];
                    double d = discounts[depth];
                    double total = total(node);
                    double u = random.nextDouble() * total;
                    if (u < total - d * distinct(node)) {
                        return drawObserved(node, d, u);
                    }
                }
                return random.nextInt(support.length);
            }
        }
    }

    /**
     * A draw from P^(1/T) renormalized, T < 1, by rejection: propose from P, accept with
     * probability (P / B)^(1/T - 1) for the bound B >= max P, so accepted draws have probability
     * proportional to P^(1/T). Exact, O(order log) per proposal, no O(|V|) pass. Returns -1 after
     * too many rejections (a long flat tail far below the bound), for the dense path to finish.
     */
    private int drawSharpened(int[] chain, int deepest, double exponent, SplittableRandom random) {
        double bound = probabilityBound(chain, deepest);
        for (int attempt = 0; attempt < MAX_REJECTIONS; attempt++) {
            int index = drawIndex(chain, deepest, random);
            double p = probabilityAt(chain, deepest, index);
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
        double uniform = 1.0 / support.length;
        double logUniform = Math.log(uniform);
        for (int attempt = 0; attempt < MAX_REJECTIONS; attempt++) {
            int index = random.nextDouble() < power ? drawIndex(chain, deepest, random) : random.nextInt(support.length);
            double p = probabilityAt(chain, deepest, index);
            double accept = p > 0 ? Math.exp(power * Math.log(p) + (1 - power) * logUniform) / (power * p + (1 - power) * uniform) : 0;
            if (random.nextDouble() < accept) {
                return index;
            }
        }
        return -1;
    }

    /**
     * A draw under top-k or top-p (and any temperature) by rejection: propose from P, accept if the
     * token is in the context's kept set and then with probability (P / B)^(1/T - 1), B the kept
     * set's highest probability for T < 1 and its lowest for T > 1, so the ratio is at most 1. The
     * kept set is found once per context and bias and cached as its boundary in the ranking, so
     * later draws in that context cost a few proposals. Returns -1 after too many rejections.
     */
    private int drawTruncated(int[] chain, int deepest, SamplingBias bias, SplittableRandom random) {
        KeptSet kept = keptSet(chain, deepest, bias);
        double exponent = 1 / bias.temperature() - 1;
        double reference = exponent > 0 ? kept.highest() : kept.lowest();
        for (int attempt = 0; attempt < MAX_REJECTIONS; attempt++) {
            int index = drawIndex(chain, deepest, random);
            double p = probabilityAt(chain, deepest, index);
            if (kept.contains(p, index) && (exponent == 0 || random.nextDouble() < Math.pow(p / reference, exponent))) {
                return index;
            }
        }
        return -1;
    }

    /**
     * The tokens a truncating bias keeps in a context: those ranked (probability descending,
     * lower support index first) at or before the last kept one, whose probability and index are
     * {@code lowest} and {@code lowestIndex}; {@code highest} is the top probability.
     */
    private record KeptSet(double lowest, int lowestIndex, double highest) {
        boolean contains(double p, int index) {
            return p > lowest || (p == lowest && index <= lowestIndex);
        }
    }

    private KeptSet keptSet(int[] chain, int deepest, SamplingBias bias) {
        Map<SamplingBias, Map<Integer, KeptSet>> byBias = keptSets;
        if (byBias == null) {
            synchronized (this) {
                if (keptSets == null) {
                    keptSets = new ConcurrentHashMap<>();
                }
                byBias = keptSets;
            }
        }
        // The deepest seen context node determines the whole chain, so it keys the context.
        Map<Integer, KeptSet> byContext = byBias.computeIfAbsent(bias, b -> new ConcurrentHashMap<>());
        KeptSet kept = byContext.get(chain[deepest]);
        if (kept == null) {
            kept = findKeptSet(chain, deepest, bias);
            if (byContext.size() < MAX_KEPT_SETS) {
                byContext.put(chain[deepest], kept);
            }
        }
        return kept;
    }

    private KeptSet findKeptSet(int[] chain, int deepest, SamplingBias bias) {
        Ranking ranking = rankingAt(chain, deepest);
        double[] p = ranking.probabilities();
        int kept = BiasedDraw.keptCount(BiasedDraw.temperedRanked(p, p.length, bias.temperature()), p.length, bias);
        if (kept == 0) {
            throw new IllegalStateException("no candidate has positive probability");
        }
        // The kept set is a prefix of the ranking: its last entry has the lowest probability and, among those, the highest index.
        return new KeptSet(p[kept - 1], ranking.indices()[kept - 1], p[0]);
    }

    /** Which support indices a truncating bias keeps after the context {@code history[0..length)}; for tests. */
    boolean[] keptIndices(int[] history, int length, SamplingBias bias) {
        int[] chain = new int[order];
        int deepest = contextChain(history, length, chain);
        KeptSet kept = findKeptSet(chain, deepest, bias);
        boolean[] keeps = new boolean[support.length];
        for (int i = 0; i < keeps.length; i++) {
            keeps[i] = kept.contains(probabilityAt(chain, deepest, i), i);
        }
        return keeps;
    }

    /** P(. | history[0..length)) ranked as top-k and top-p cut it; for tests. */
    Ranking ranking(int[] history, int length) {
        int[] chain = new int[order];
        return rankingAt(chain, contextChain(history, length, chain));
    }

    /**
     * The context's distribution ranked (probability descending, lower index first), with the
     * values {@link #probabilityAt} gives, without sorting the support. Only tokens observed in
     * the context's chain (the candidates) are sorted; every other token's probability is a fixed
     * function of one shared value: for Kneser-Ney its order-0 probability times the backoff
     * weights of the chain (never decreasing in it, so the tail follows the order-0 ranking, built
     * once), for add-k and NONE a constant (the tail in index order).
     */
    private Ranking rankingAt(int[] chain, int deepest) {
        int n = support.length;
        boolean kneserNey = smoothing.method() == Smoothing.Method.KNESER_NEY;
        int fromDepth = kneserNey ? 1 : deepest;
        boolean hasCandidates = kneserNey || smoothing.method() == Smoothing.Method.NONE || deepest == order - 1;
        boolean[] isCandidate = new boolean[n];
        int[] candidates = new int[n];
        int count = 0;
        for (int depth = fromDepth; hasCandidates && depth <= deepest; depth++) {
            int node = chain[depth];
            for (int e = firstEntry[node]; e < firstEntry[node + 1]; e++) {
                int index = entrySupportIndex[e];
                if (!isCandidate[index]) {
                    isCandidate[index] = true;
                    candidates[count++] = index;
                }
            }
        }
        double[] candidateP = new double[count];
        for (int i = 0; i < count; i++) {
            candidateP[i] = probabilityAt(chain, deepest, candidates[i]);
        }
        int[] tail = new int[n - count];
        double[] tailP = new double[n - count];
        int t = 0;
        if (kneserNey) {
            Ranking lowest = lowestOrderRanking();
            double[] backoff = new double[deepest + 1];
            for (int depth = 1; depth <= deepest; depth++) {
                double total = total(chain[depth]);
                backoff[depth] = discounts[depth] * distinct(chain[depth]) / total; // as probabilityAt groups it
            }
            for (int r = 0; r < n; r++) {
                int index = lowest.indices()[r];
                if (!isCandidate[index]) {
                    double p = lowest.probabilities()[r];
                    for (int depth = 1; depth <= deepest; depth++) {
                        p = backoff[depth] * p;
                    }
                    tail[t] = index;
                    tailP[t++] = p;
                }
            }
        } else {
            double p = unobservedProbability(chain, deepest);
            for (int index = 0; index < n; index++) {
                if (!isCandidate[index]) {
                    tail[t] = index;
                    tailP[t++] = p;
                }
            }
        }
        return Ranking.merge(candidates, candidateP, count, tail, tailP, t);
    }

    /** What {@link #probabilityAt} gives a token the context never saw, under add-k or NONE. */
    private double unobservedProbability(int[] chain, int deepest) {
        if (smoothing.method() == Smoothing.Method.NONE) {
            return 0;
        }
        if (deepest < order - 1) {
            return 1.0 / support.length;
        }
        return (0L + smoothing.k()) / (total(chain[deepest]) + smoothing.k() * support.length);
    }

    private Ranking lowestOrderRanking() {
        Ranking ranking = lowestOrderRanking;
        if (ranking == null) {
            int n = support.length;
            int[] rootOnly = new int[order];
            double[] p = new double[n];
            int[] all = new int[n];
            for (int i = 0; i < n; i++) {
                p[i] = probabilityAt(rootOnly, 0, i);
                all[i] = i;
            }
            ranking = Ranking.merge(all, p, n, new int[0], new double[0], 0);
            lowestOrderRanking = ranking; // a race builds the same ranking twice, harmlessly
        }
        return ranking;
    }

    private int sampleBiased(int[] chain, int deepest, SamplingBias bias, SplittableRandom random) {
        if (smoothing.method() == Smoothing.Method.NONE) {
            int node = chain[deepest];
            int from = firstEntry[node];
            int n = firstEntry[node + 1] - from;
            double[] p = new double[n];
            int[] ids = new int[n];
            double total = total(node);
            for (int i = 0; i < n; i++) {
                p[i] = entryCount(node, from + i) / total;
                ids[i] = entrySupportIndex[from + i];
            }
            return support[ids[BiasedDraw.draw(p, ids, n, bias, random)]];
        }
        double[] p = distributionAt(chain, deepest);
        return support[BiasedDraw.draw(p, support, p.length, bias, random)];
    }

    /**
     * The entry of the node holding the continuation at {@code u} on the scale of the discounted
     * cumulative counts {@code C(e) - discount (e - first + 1)}; 0 <= u < total - discount * distinct.
     */
    private int drawObserved(int node, double discount, double u) {
        int lo = firstEntry[node];
        int hi = firstEntry[node + 1] - 1;
        int first = lo;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (entryCumulative[mid] - discount * (mid - first + 1) > u) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return entrySupportIndex[lo];
    }

    /**
     * Fills chain[0..] with the nodes of the context read most recent token first (chain[0] the
     * empty context) and returns the depth of the longest one seen in training.
     */
    private int contextChain(int[] history, int length, int[] chain) {
        chain[0] = IntSequenceTrie.ROOT;
        int depth = 0;
        while (depth < order - 1) {
            int position = length - 1 - depth;
            int token = position >= 0 ? history[position] : TokenIds.BOS;
            int next = contexts.find(chain[depth], token);
            if (next == IntSequenceTrie.ABSENT) {
                break;
            }
            chain[++depth] = next;
        }
        return depth;
    }

    private long observedCount(int node, int index) {
        int e = Arrays.binarySearch(entrySupportIndex, firstEntry[node], firstEntry[node + 1], index);
        return e < 0 ? 0 : entryCount(node, e);
    }

    private long entryCount(int node, int e) {
        return e == firstEntry[node] ? entryCumulative[e] : entryCumulative[e] - entryCumulative[e - 1];
    }

    private long total(int node) {
        return entryCumulative[firstEntry[node + 1] - 1];
    }

    private int distinct(int node) {
        return firstEntry[node + 1] - firstEntry[node];
    }

    private IllegalStateException unseenContext(int[] history, int length) {
        int from = Math.max(0, length - (order - 1));
        return new IllegalStateException("context " + Arrays.toString(Arrays.copyOfRange(history, from, length))
                + " (BOS-padded to " + (order - 1) + ") was never seen in training; an unsmoothed model has no distribution there");
    }
}
