package dev.piecemill.lm;

import java.io.Serializable;
import java.util.SplittableRandom;

/**
 * One smoothing's estimate of P(w | h) from the counts, in each form the model needs: the
 * probability of one token, an upper bound over the support, the whole distribution, an exact
 * draw, and the ranking that top-k and top-p cut. A context is given as its chain of seen
 * suffixes ({@link NgramCounts#chain}); a token as its support index.
 */
abstract sealed class Estimator implements Serializable permits MaximumLikelihood, AddK, KneserNey {
    private static final long serialVersionUID = 1L;

    final NgramCounts counts;

    Estimator(NgramCounts counts) {
        this.counts = counts;
    }

    static Estimator of(Smoothing smoothing, NgramCounts counts, double[] discounts) {
        return switch (smoothing.method()) {
            case NONE -> new MaximumLikelihood(counts);
            case ADD_K -> new AddK(counts, smoothing.k());
            case KNESER_NEY -> new KneserNey(counts, discounts);
        };
    }

    /** False where the estimate is undefined: maximum likelihood in a context never seen in training. */
    boolean isDefinedAt(int deepest) {
        return true;
    }

    /** P(support[index] | the context whose seen suffixes are chain[0..deepest]). */
    abstract double probability(int[] chain, int deepest, int index);

    /**
     * An upper bound on P(. | context) over the support, in O(order), from each node's largest
     * count: what rejection sampling under a temperature below 1 needs.
     */
    abstract double probabilityBound(int[] chain, int deepest);

    /** P(. | context) over the whole support (index i is support[i]), in O(|V|). */
    abstract double[] distribution(int[] chain, int deepest);

    /** A support index drawn from P(. | context) exactly, in O(order log), no O(|V|) pass. */
    abstract int draw(int[] chain, int deepest, SplittableRandom random);

    /** The first depth of the chain whose observed continuations are ranked as candidates (deeper ones too). */
    abstract int firstCandidateDepth(int deepest);

    /**
     * A biased draw over the context's whole distribution (O(|V|)), for when rejection stalls;
     * the position in support order, ties broken by token id.
     */
    int denseBiasedDraw(int[] chain, int deepest, SamplingBias bias, SplittableRandom random) {
        double[] p = distribution(chain, deepest);
        return BiasedDraw.draw(p, counts.supportTokens(), p.length, bias, random);
    }

    /**
     * The context's distribution ranked (probability descending, lower index first), with the
     * values {@link #probability} gives, without sorting the support: only the tokens observed in
     * the chain (the candidates) are sorted; the others' probabilities follow a known order
     * ({@link #rankedTail}).
     */
    final Ranking ranking(int[] chain, int deepest) {
        int n = counts.supportSize();
        boolean[] isCandidate = new boolean[n];
        int[] candidates = new int[n];
        int count = 0;
        for (int depth = firstCandidateDepth(deepest); depth <= deepest; depth++) {
            int node = chain[depth];
            for (int e = counts.firstEntry(node); e < counts.endEntry(node); e++) {
                int index = counts.entryIndex(e);
                if (!isCandidate[index]) {
                    isCandidate[index] = true;
                    candidates[count++] = index;
                }
            }
        }
        double[] candidateP = new double[count];
        for (int i = 0; i < count; i++) {
            candidateP[i] = probability(chain, deepest, candidates[i]);
        }
        int[] tail = new int[n - count];
        double[] tailP = new double[n - count];
        int t = rankedTail(chain, deepest, isCandidate, tail, tailP);
        return Ranking.merge(candidates, candidateP, count, tail, tailP, t);
    }

    /**
     * Fills the non-candidates in an order their probabilities never increase in, with those
     * probabilities, and returns how many.
     */
    abstract int rankedTail(int[] chain, int deepest, boolean[] isCandidate, int[] tail, double[] tailP);

    /** The tail when every non-candidate has the same probability P: in index order. */
    static int constantTail(double p, boolean[] isCandidate, int[] tail, double[] tailP) {
        int t = 0;
        for (int index = 0; index < isCandidate.length; index++) {
            if (!isCandidate[index]) {
                tail[t] = index;
                tailP[t++] = p;
            }
        }
        return t;
    }
}
