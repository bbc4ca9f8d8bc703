package dev.piecemill.collapse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.piecemill.lm.TokenCorpus;
import dev.piecemill.lm.SamplingBias;
import dev.piecemill.lm.Smoothing;
import dev.piecemill.lm.TestCorpora;
import dev.piecemill.metrics.TokenFrequencies;
import dev.piecemill.metrics.UnigramDiversity;
import it.unimi.dsi.fastutil.ints.IntOpenHashSet;
import it.unimi.dsi.fastutil.longs.LongOpenHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * The simulator against the exact predictions of shared/reference/model-collapse.md, on Zipf(1)
 * text over 300 types with an unsmoothed unigram model (whose content tokens are exactly N i.i.d.
 * draws from the previous generation's frequencies). Means are over replicates; tolerances are 3
 * standard errors of those means.
 */
class ModelCollapseScienceTest {
    private static final int TYPES = 300;
    private static final double Z = 3.0;
    private static final CollapseSettings UNIGRAM = CollapseSettings.defaults()
            .withModel(1, Smoothing.none()).withMaxDocumentLength(100_000).withSeed(2024);

    @Test
    void giniSimpsonFollowsWrightFisherDrift() {
        int n = 200;
        int generations = 10;
        TokenCorpus real = TestCorpora.zipf(TYPES, 2000, 1);
        List<GenerationResult> results = new CollapseSimulator(UNIGRAM.withSizes(n, generations, 200)).run(real);
        double d0 = UnigramDiversity.giniSimpson(TokenFrequencies.of(real));
        System.out.println("Wright-Fisher, N = " + n + ", 200 replicates: t, mean D_t, SE, predicted D0 (1-1/N)^t");
        for (int t = 1; t <= generations; t++) {
            ReplicateStats d = ReplicateStats.of(results, t, "gini_simpson");
            double predicted = d0 * Math.pow(1 - 1.0 / n, t);
            System.out.printf("  %2d %.5f %.5f %.5f%n", t, d.mean(), d.standardError(), predicted);
            assertEquals(predicted, d.mean(), Z * d.standardError(), "generation " + t);
        }
        // The drift is resolved, not hidden in the noise: the last generation is far below D0.
        ReplicateStats last = ReplicateStats.of(results, generations, "gini_simpson");
        assertTrue(d0 - last.mean() > 10 * last.standardError());
    }

    @Test
    void theSupportNeverGrowsWithoutRealData() {
        TokenCorpus real = TestCorpora.zipf(TYPES, 2000, 2);
        for (int order : new int[] {1, 2}) {
            Map<Long, TokenCorpus> corpora = new ConcurrentHashMap<>();
            int generations = 15;
            new CollapseSimulator(UNIGRAM.withModel(order, Smoothing.none()).withSizes(300, generations, 20))
                    .run(real, (replicate, generation, corpus) -> corpora.put(key(replicate, generation), corpus));
            for (int replicate = 0; replicate < 20; replicate++) {
                for (int t = 1; t <= generations; t++) {
                    TokenCorpus before = corpora.get(key(replicate, t - 1));
                    TokenCorpus after = corpora.get(key(replicate, t));
                    assertTrue(tokens(before).containsAll(tokens(after)), "order " + order + ": a type appeared at t = " + t);
                    if (order == 2) {
                        assertTrue(bigrams(before).containsAll(bigrams(after)), "a bigram appeared at t = " + t);
                    }
                }
            }
        }
    }

    @Test
    void typesLostInOneGenerationMatchTheExpectation() {
        int n = 300;
        TokenCorpus real = TestCorpora.zipf(TYPES, 1000, 3);
        TokenFrequencies p = TokenFrequencies.of(real);
        double expected = 0;
        for (int rank = 0; rank < p.types(); rank++) {
            expected += 1 - Math.pow(1 - (double) p.countAtRank(rank) / p.total(), n);
        }
        List<GenerationResult> results = new CollapseSimulator(UNIGRAM.withSizes(n, 1, 300)).run(real);
        ReplicateStats k1 = ReplicateStats.of(results, 1, "types");
        System.out.printf("type loss: K0 = %d, mean K1 = %.2f +- %.2f, predicted %.2f%n", p.types(), k1.mean(),
                k1.standardError(), expected);
        assertEquals(expected, k1.mean(), Z * k1.standardError());
        assertTrue(p.types() - k1.mean() > 10 * k1.standardError(), "types are really lost");
    }

    @Test
    void biasedSamplingLosesDiversityFaster() {
        TokenCorpus real = TestCorpora.zipf(TYPES, 2000, 4);
        CollapseSettings base = UNIGRAM.withSizes(400, 5, 40);
        List<GenerationResult> unbiased = new CollapseSimulator(base).run(real);
        ReplicateStats typesUnbiased = ReplicateStats.of(unbiased, 5, "types");
        ReplicateStats giniUnbiased = ReplicateStats.of(unbiased, 5, "gini_simpson");
        for (SamplingBias bias : List.of(SamplingBias.temperature(0.7), SamplingBias.topP(0.9))) {
            List<GenerationResult> biased = new CollapseSimulator(base.withBias(bias)).run(real);
            ReplicateStats types = ReplicateStats.of(biased, 5, "types");
            ReplicateStats gini = ReplicateStats.of(biased, 5, "gini_simpson");
            System.out.printf("%s at t = 5: types %.1f vs %.1f unbiased, gini-simpson %.4f vs %.4f%n", bias,
                    types.mean(), typesUnbiased.mean(), gini.mean(), giniUnbiased.mean());
            assertTrue(typesUnbiased.mean() - types.mean() > Z * types.standardErrorOfDifference(typesUnbiased), bias + " types");
            assertTrue(giniUnbiased.mean() - gini.mean() > Z * gini.standardErrorOfDifference(giniUnbiased), bias + " gini");
        }
    }

    @Test
    void freshRealDataHoldsDiversityAtItsEquilibrium() {
        int n = 200;
        double a = 0.2;
        int generations = 10;
        TokenCorpus pool = TestCorpora.zipf(TYPES, 40_000, 5);
        // Fresh tokens are drawn from the pool: its frequencies are the real distribution p*.
        double dStar = UnigramDiversity.giniSimpson(TokenFrequencies.of(pool));
        CollapseSettings settings = UNIGRAM.withLoop(Loop.FRESH, a).withSizes(n, generations, 100);
        List<GenerationResult> fresh = new CollapseSimulator(settings).run(pool);
        List<GenerationResult> synthetic = new CollapseSimulator(settings.withLoop(Loop.FULLY_SYNTHETIC, 0)).run(pool);
        // E[D_t] = a D* (2 - a - 1/N) + (1 - a)(1 - a - 1/N) E[D_(t-1)], from E[D_0] = D* (1 - 1/N).
        double expected = dStar * (1 - 1.0 / n);
        double equilibrium = a * dStar * (2 - a - 1.0 / n) / (a * (2 - a) + (1 - a) / n);
        System.out.printf("fresh a = %.1f, N = %d, 100 replicates, D* = %.5f, D_inf = %.5f: t, mean D_t, SE, predicted, fully synthetic%n",
                a, n, dStar, equilibrium);
        for (int t = 1; t <= generations; t++) {
            expected = a * dStar * (2 - a - 1.0 / n) + (1 - a) * (1 - a - 1.0 / n) * expected;
            ReplicateStats d = ReplicateStats.of(fresh, t, "gini_simpson");
            System.out.printf("  %2d %.5f %.5f %.5f %.5f%n", t, d.mean(), d.standardError(), expected,
                    ReplicateStats.of(synthetic, t, "gini_simpson").mean());
            assertEquals(expected, d.mean(), Z * d.standardError(), "generation " + t);
        }
        ReplicateStats freshLast = ReplicateStats.of(fresh, generations, "gini_simpson");
        ReplicateStats syntheticLast = ReplicateStats.of(synthetic, generations, "gini_simpson");
        assertTrue(freshLast.mean() - syntheticLast.mean() > Z * freshLast.standardErrorOfDifference(syntheticLast));
    }

    @Test
    void fixedRealShareFollowsItsExactRecursion() {
        int n = 200;
        double a = 0.2;
        int generations = 10;
        TokenCorpus real = TestCorpora.zipf(TYPES, n, 8);
        CollapseSettings settings = UNIGRAM.withLoop(Loop.AUGMENT, a).withSizes(n, generations, 100);
        List<GenerationResult> results = new CollapseSimulator(settings).run(real);
        // The fixed real set r is aN tokens of generation 0; q_t are generation t's frequencies.
        TokenFrequencies p0 = TokenFrequencies.of(real);
        TokenFrequencies r = TokenFrequencies.of(CollapseSimulator.fixedRealSet(real, settings));
        assertEquals(settings.realTokensPerGeneration(), r.total());
        double sr = 1 - UnigramDiversity.giniSimpson(r);
        double cross = 0; // sum_w r(w) E[q_t(w)], with E[q_t] = a r + (1 - a) E[q_(t-1)]
        for (int rank = 0; rank < r.types(); rank++) {
            cross += r.probability(r.tokenAtRank(rank)) * p0.probability(r.tokenAtRank(rank));
        }
        double s = 1 - UnigramDiversity.giniSimpson(p0); // E[sum q_t^2]
        System.out.printf("augment a = %.1f, N = %d, 100 replicates, D_inf = %.5f: t, mean D_t, SE, predicted%n", a, n,
                a * (2 - a) * (1 - sr) / (a * (2 - a) + (1 - a) / n));
        for (int t = 1; t <= generations; t++) {
            s = a * a * sr + (1 - a) * (1 - a) * s + (1 - a) * (1 - s) / n + 2 * a * (1 - a) * cross;
            cross = a * sr + (1 - a) * cross;
            ReplicateStats d = ReplicateStats.of(results, t, "gini_simpson");
            System.out.printf("  %2d %.5f %.5f %.5f%n", t, d.mean(), d.standardError(), 1 - s);
            assertEquals(1 - s, d.mean(), Z * d.standardError(), "generation " + t);
        }
    }

    @Test
    void accumulatingDriftsLessThanReplacing() {
        TokenCorpus real = TestCorpora.zipf(TYPES, 2000, 6);
        CollapseSettings replace = UNIGRAM.withSizes(300, 10, 40);
        List<GenerationResult> replaced = new CollapseSimulator(replace).run(real);
        List<GenerationResult> accumulated = new CollapseSimulator(replace.withLoop(Loop.ACCUMULATE, 0)).run(real);
        ReplicateStats jsReplace = ReplicateStats.of(replaced, 10, "js_to_gen0");
        ReplicateStats jsAccumulate = ReplicateStats.of(accumulated, 10, "js_to_gen0");
        System.out.printf("js_to_gen0 at t = 10: accumulate %.4f +- %.4f, fully synthetic %.4f +- %.4f%n",
                jsAccumulate.mean(), jsAccumulate.standardError(), jsReplace.mean(), jsReplace.standardError());
        assertTrue(jsReplace.mean() - jsAccumulate.mean() > Z * jsReplace.standardErrorOfDifference(jsAccumulate));
        for (GenerationResult r : accumulated) {
            assertEquals(ReplicateStats.of(accumulated, 0, "types").mean(), r.metrics().types(), 1e-9,
                    "accumulating keeps generation 0, so no type is ever lost (and none is new)");
        }
    }

    @Test
    void sameSeedSameRunAnotherSeedAnotherRun() {
        TokenCorpus real = TestCorpora.zipf(TYPES, 1000, 7);
        CollapseSettings settings = CollapseSettings.defaults().withSizes(500, 3, 2).withModel(2, Smoothing.kneserNey())
                .withBias(SamplingBias.topK(50));
        Map<Long, TokenCorpus> first = new ConcurrentHashMap<>();
        Map<Long, TokenCorpus> second = new ConcurrentHashMap<>();
        Map<Long, TokenCorpus> other = new ConcurrentHashMap<>();
        List<GenerationResult> a = new CollapseSimulator(settings).run(real, (r, g, c) -> first.put(key(r, g), c));
        List<GenerationResult> b = new CollapseSimulator(settings).run(real, (r, g, c) -> second.put(key(r, g), c));
        new CollapseSimulator(settings.withSeed(settings.seed() + 1)).run(real, (r, g, c) -> other.put(key(r, g), c));
        assertEquals(a, b);
        for (long k : first.keySet()) {
            assertTrue(first.get(k).sameDocuments(second.get(k)));
            if (k % 100 > 0) {
                assertTrue(!first.get(k).sameDocuments(other.get(k)), "another seed changes generation " + k % 100);
            }
        }
        assertTrue(!first.get(key(0, 1)).sameDocuments(first.get(key(1, 1))), "replicates differ");
    }

    private static long key(int replicate, int generation) {
        return replicate * 100L + generation;
    }

    private static IntOpenHashSet tokens(TokenCorpus corpus) {
        IntOpenHashSet set = new IntOpenHashSet();
        corpus.forEach(d -> set.addAll(it.unimi.dsi.fastutil.ints.IntArrayList.wrap(d)));
        return set;
    }

    private static LongOpenHashSet bigrams(TokenCorpus corpus) {
        LongOpenHashSet set = new LongOpenHashSet();
        for (int[] d : corpus) {
            for (int i = 1; i < d.length; i++) {
                set.add(((long) d[i - 1] << 32) | d[i]);
            }
        }
        return set;
    }
}
