package dev.piecemill.collapse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.piecemill.lm.SamplingBias;
import dev.piecemill.lm.Smoothing;
import dev.piecemill.lm.TestCorpora;
import dev.piecemill.lm.TokenCorpus;
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
            .withModel(1, Smoothing.none())
            .withMaxDocumentLength(100_000)
            .withSeed(2024);

    @Test
    void giniSimpsonFollowsWrightFisherDrift() {
        int n = 200;
        int generations = 10;
        TokenCorpus real = TestCorpora.zipf(TYPES, 2000, 1);
        CollapseSettings settings = UNIGRAM.withSizes(n, generations, 200);
        List<GenerationResult> results = new CollapseSimulator(settings).run(real);
        System.out.println("Wright-Fisher, N = " + n + ", 200 replicates: t, mean D_t, SE, predicted D0 (1-1/N)^t");
        List<double[]> predicted = predictions(settings, real, results, null);
        for (int t = 1; t <= generations; t++) {
            assertPredicted(predicted, results, t, "gini_simpson");
        }
        // The drift is resolved, not hidden in the noise: the last generation is far below D0.
        ReplicateStats first = ReplicateStats.of(results, 0, "gini_simpson");
        ReplicateStats last = ReplicateStats.of(results, generations, "gini_simpson");
        assertTrue(first.mean() - last.mean() > 10 * last.standardErrorOfDifference(first));
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
                    assertTrue(
                            tokens(before).containsAll(tokens(after)),
                            "order " + order + ": a type appeared at t = " + t);
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
        CollapseSettings settings = UNIGRAM.withSizes(n, 1, 300);
        Map<Long, TokenCorpus> generation0 = new ConcurrentHashMap<>();
        List<GenerationResult> results = new CollapseSimulator(settings).run(real, (r, g, c) -> {
            if (g == 0) {
                generation0.put((long) r, c);
            }
        });
        double[] expected = new double[300];
        double[] measured = new double[300];
        for (int r = 0; r < 300; r++) {
            TokenFrequencies p = TokenFrequencies.of(generation0.get((long) r));
            double sum = 0; // E[K_1] = sum_w 1 - (1 - p(w))^N, written out here against CollapseTheory's
            for (int rank = 0; rank < p.types(); rank++) {
                sum += 1 - Math.pow(1 - (double) p.countAtRank(rank) / p.total(), n);
            }
            expected[r] = sum;
            assertEquals(
                    sum, CollapseTheory.types(Loop.FULLY_SYNTHETIC, n, CollapseTheory.Start.of(p, null), 1)[1], 1e-9);
            measured[r] = value(results, r, 1, "types");
        }
        PredictionCheck k1 = PredictionCheck.of(expected, measured);
        System.out.printf(
                "type loss: mean K0 = %.2f, mean K1 = %.2f, predicted %.2f +- %.2f%n",
                ReplicateStats.of(results, 0, "types").mean(), k1.measured(), k1.predicted(), k1.standardError());
        assertTrue(k1.within(Z), k1.toString());
        assertTrue(
                ReplicateStats.of(results, 0, "types").mean() - k1.measured() > 10 * k1.standardError(),
                "types are really lost");
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
            System.out.printf(
                    "%s at t = 5: types %.1f vs %.1f unbiased, gini-simpson %.4f vs %.4f%n",
                    bias, types.mean(), typesUnbiased.mean(), gini.mean(), giniUnbiased.mean());
            assertTrue(
                    typesUnbiased.mean() - types.mean() > Z * types.standardErrorOfDifference(typesUnbiased),
                    bias + " types");
            assertTrue(
                    giniUnbiased.mean() - gini.mean() > Z * gini.standardErrorOfDifference(giniUnbiased),
                    bias + " gini");
        }
    }

    @Test
    void freshRealDataHoldsDiversityAtItsEquilibrium() {
        int n = 200;
        double a = 0.2;
        int generations = 10;
        TokenCorpus pool = TestCorpora.zipf(TYPES, 40_000, 5);
        // Fresh tokens are drawn from the pool: its frequencies are the real distribution p*.
        TokenFrequencies real = TokenFrequencies.of(pool);
        double dStar = UnigramDiversity.giniSimpson(real);
        CollapseSettings settings = UNIGRAM.withLoop(Loop.FRESH, a).withSizes(n, generations, 100);
        List<GenerationResult> fresh = new CollapseSimulator(settings).run(pool);
        List<GenerationResult> synthetic = new CollapseSimulator(settings.withLoop(Loop.FULLY_SYNTHETIC, 0)).run(pool);
        double equilibrium = a * dStar * (2 - a - 1.0 / n) / (a * (2 - a) + (1 - a) / n);
        System.out.printf(
                "fresh a = %.1f, N = %d, 100 replicates, D* = %.5f, D_inf = %.5f: t, mean D_t, SE, predicted%n",
                a, n, dStar, equilibrium);
        List<double[]> predicted = predictions(settings, pool, fresh, r -> real);
        for (int t = 1; t <= generations; t++) {
            assertPredicted(predicted, fresh, t, "gini_simpson");
        }
        // Started from E[D_0] = D* (1 - 1/N), the recursion converges to the stated equilibrium.
        double[] unconditional = CollapseTheory.giniSimpson(
                Loop.FRESH,
                a,
                n,
                new CollapseTheory.Start(dStar * (1 - 1.0 / n), n, 1 - dStar, 1 - dStar, Map.of()),
                400);
        assertEquals(equilibrium, unconditional[400], 1e-12);
        ReplicateStats freshLast = ReplicateStats.of(fresh, generations, "gini_simpson");
        ReplicateStats syntheticLast = ReplicateStats.of(synthetic, generations, "gini_simpson");
        assertTrue(freshLast.mean() - syntheticLast.mean() > Z * freshLast.standardErrorOfDifference(syntheticLast));
    }

    @Test
    void fixedRealShareFollowsItsExactRecursion() {
        int n = 200;
        double a = 0.2;
        int generations = 10;
        TokenCorpus real = TestCorpora.zipf(TYPES, 4 * n, 8);
        CollapseSettings settings = UNIGRAM.withLoop(Loop.AUGMENT, a).withSizes(n, generations, 100);
        List<GenerationResult> results = new CollapseSimulator(settings).run(real);
        // The fixed real set r is aN tokens of the replicate's generation 0.
        List<double[]> predicted = predictions(settings, real, results, r -> {
            RealSplit split = RealSplit.of(real, d -> d, settings, r);
            assertEquals(settings.realTokensPerGeneration(), split.fixedReal().tokenCount());
            return TokenFrequencies.of(split.fixedReal());
        });
        System.out.printf("augment a = %.1f, N = %d, 100 replicates: t, mean D_t, SE, predicted%n", a, n);
        for (int t = 1; t <= generations; t++) {
            assertPredicted(predicted, results, t, "gini_simpson");
        }
    }

    @Test
    void accumulatingDriftsLessThanReplacing() {
        TokenCorpus real = TestCorpora.zipf(TYPES, 2000, 6);
        CollapseSettings replace = UNIGRAM.withSizes(300, 10, 40);
        List<GenerationResult> replaced = new CollapseSimulator(replace).run(real);
        List<GenerationResult> accumulated = new CollapseSimulator(replace.withLoop(Loop.ACCUMULATE, 0)).run(real);
        ReplicateStats jsReplace = ReplicateStats.of(replaced, 10, "js_to_reference");
        ReplicateStats jsAccumulate = ReplicateStats.of(accumulated, 10, "js_to_reference");
        System.out.printf(
                "js_to_reference at t = 10: accumulate %.4f +- %.4f, fully synthetic %.4f +- %.4f%n",
                jsAccumulate.mean(), jsAccumulate.standardError(), jsReplace.mean(), jsReplace.standardError());
        assertTrue(jsReplace.mean() - jsAccumulate.mean() > Z * jsReplace.standardErrorOfDifference(jsAccumulate));
        for (GenerationResult r : accumulated) {
            assertEquals(
                    value(accumulated, r.replicate(), 0, "types"),
                    r.metrics().types(),
                    1e-9,
                    "accumulating keeps generation 0, so no type is ever lost (and none is new)");
        }
    }

    @Test
    void sameSeedSameRunAnotherSeedAnotherRun() {
        TokenCorpus real = TestCorpora.zipf(TYPES, 1000, 7);
        CollapseSettings settings = CollapseSettings.defaults()
                .withSizes(500, 3, 2)
                .withModel(2, Smoothing.kneserNey())
                .withBias(SamplingBias.topK(50));
        Map<Long, TokenCorpus> first = new ConcurrentHashMap<>();
        Map<Long, TokenCorpus> second = new ConcurrentHashMap<>();
        Map<Long, TokenCorpus> other = new ConcurrentHashMap<>();
        List<GenerationResult> a = new CollapseSimulator(settings).run(real, (r, g, c) -> first.put(key(r, g), c));
        List<GenerationResult> b = new CollapseSimulator(settings).run(real, (r, g, c) -> second.put(key(r, g), c));
        new CollapseSimulator(settings.withSeed(settings.recursion().seed() + 1))
                .run(real, (r, g, c) -> other.put(key(r, g), c));
        assertEquals(a, b);
        for (long k : first.keySet()) {
            assertTrue(first.get(k).sameDocuments(second.get(k)));
            if (k % 100 > 0) {
                assertTrue(!first.get(k).sameDocuments(other.get(k)), "another seed changes generation " + k % 100);
            }
        }
        assertTrue(!first.get(key(0, 1)).sameDocuments(first.get(key(1, 1))), "replicates differ");
    }

    /**
     * Each replicate's predicted Gini-Simpson over the generations, from its own generation 0 (rebuilt
     * from the real corpus and the seed, as the simulator lays it out) and the real data in its loop.
     */
    private static List<double[]> predictions(
            CollapseSettings settings,
            TokenCorpus real,
            List<GenerationResult> results,
            java.util.function.IntFunction<TokenFrequencies> realData) {
        List<double[]> out = new java.util.ArrayList<>();
        for (int r = 0; r < settings.recursion().replicates(); r++) {
            TokenFrequencies generation0 =
                    TokenFrequencies.of(RealSplit.of(real, d -> d, settings, r).generation0());
            CollapseTheory.Start start =
                    CollapseTheory.Start.of(generation0, realData == null ? null : realData.apply(r));
            assertEquals(
                    value(results, r, 0, "gini_simpson"),
                    start.giniSimpson0(),
                    1e-12,
                    "the start is generation 0 as measured");
            out.add(CollapseTheory.giniSimpson(
                    settings.recursion().loop(),
                    settings.recursion().realFraction(),
                    settings.tokensPerGeneration(),
                    start,
                    settings.recursion().generations()));
        }
        return out;
    }

    private static void assertPredicted(
            List<double[]> predicted, List<GenerationResult> results, int t, String column) {
        double[] p = new double[predicted.size()];
        double[] m = new double[predicted.size()];
        for (int r = 0; r < p.length; r++) {
            p[r] = predicted.get(r)[t];
            m[r] = value(results, r, t, column);
        }
        PredictionCheck check = PredictionCheck.of(p, m);
        System.out.printf("  %2d %.5f %.5f %.5f%n", t, check.measured(), check.standardError(), check.predicted());
        assertTrue(check.within(Z), column + " at generation " + t + ": " + check);
    }

    private static double value(List<GenerationResult> results, int replicate, int generation, String column) {
        return results.stream()
                .filter(x -> x.replicate() == replicate && x.generation() == generation)
                .findFirst()
                .orElseThrow()
                .metrics()
                .get(column);
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
