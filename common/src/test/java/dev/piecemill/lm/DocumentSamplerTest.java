package dev.piecemill.lm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.piecemill.util.Seeds;
import it.unimi.dsi.fastutil.longs.LongOpenHashSet;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DocumentSamplerTest {
    private static final TokenCorpus ZIPF = TestCorpora.zipf(40, 2000, 11);
    private static final int DRAWS = 100_000;
    /** Largest allowed |observed - expected| frequency in standard errors, over up to ~50 tokens. */
    private static final double MAX_Z = 4.5;

    @Test
    void unbiasedDrawsFollowTheModelsDistribution() {
        for (Smoothing smoothing : List.of(Smoothing.kneserNey(), Smoothing.addK(0.3), Smoothing.none())) {
            NgramLanguageModel model = NgramLanguageModel.train(ZIPF, 3, smoothing);
            int[] seenContext = ZIPF.documents().get(0);
            assertDrawsFollow(
                    model, seenContext, 2, SamplingBias.NONE, model.distribution(seenContext, 2), smoothing + " seen");
            if (smoothing.method() != Smoothing.Method.NONE) {
                int[] unseenContext = {TokenIds.FIRST_CONTENT + 500, TokenIds.FIRST_CONTENT + 1};
                assertDrawsFollow(
                        model,
                        unseenContext,
                        2,
                        SamplingBias.NONE,
                        model.distribution(unseenContext, 2),
                        smoothing + " unseen");
            }
        }
    }

    @Test
    void temperatureDrawsFollowTheSharpenedDistribution() {
        NgramLanguageModel model = NgramLanguageModel.train(ZIPF, 2, Smoothing.kneserNey());
        int[] context = {TokenIds.FIRST_CONTENT};
        double[] p = model.distribution(context, 1);
        double[] sharpened = new double[p.length];
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            sharpened[i] = Math.pow(p[i], 1 / 0.7);
            sum += sharpened[i];
        }
        for (int i = 0; i < p.length; i++) {
            sharpened[i] /= sum;
        }
        assertDrawsFollow(model, context, 1, SamplingBias.temperature(0.7), sharpened, "T = 0.7");
        // A temperature below 1 samples by rejection: exact for every smoothing, seen or unseen contexts.
        for (Smoothing smoothing : List.of(Smoothing.none(), Smoothing.addK(0.3), Smoothing.kneserNey())) {
            NgramLanguageModel trigram = NgramLanguageModel.train(ZIPF, 3, smoothing);
            int[] seen = ZIPF.documents().get(1);
            assertDrawsFollow(
                    trigram,
                    seen,
                    2,
                    SamplingBias.temperature(0.5),
                    sharpen(trigram.distribution(seen, 2), 0.5),
                    smoothing + " T = 0.5, seen");
            if (smoothing.method() != Smoothing.Method.NONE) {
                int[] unseen = {TokenIds.FIRST_CONTENT + 500, TokenIds.FIRST_CONTENT + 1};
                assertDrawsFollow(
                        trigram,
                        unseen,
                        2,
                        SamplingBias.temperature(0.5),
                        sharpen(trigram.distribution(unseen, 2), 0.5),
                        smoothing + " T = 0.5, unseen");
            }
        }
        // Top-k with k = |V| goes through the biased path but keeps the distribution.
        assertDrawsFollow(model, context, 1, SamplingBias.topK(model.supportSize()), p, "top-k = |V|");
    }

    @Test
    void unsmoothedBigramSamplingOnlyProducesTrainingBigrams() {
        List<int[]> europarl = TestCorpora.europarlParagraphs(400);
        NgramLanguageModel model = NgramLanguageModel.train(europarl, 2, Smoothing.none());
        LongOpenHashSet trainingBigrams = bigramsWithBoundaries(europarl, Integer.MAX_VALUE);
        DocumentSampler sampler = new DocumentSampler(model, SamplingBias.NONE, 100_000);
        List<int[]> sampled =
                sampler.sampleCorpus(50_000, i -> Seeds.forRecord(3, i)).documents();
        LongOpenHashSet sampledBigrams = bigramsWithBoundaries(sampled, 100_000);
        assertTrue(sampledBigrams.size() > 1000, "a real test: " + sampledBigrams.size() + " distinct sampled bigrams");
        // Documents other than the last were ended by EOS, so their end bigram must be seen too.
        sampledBigrams.removeAll(trainingBigrams);
        assertTrue(
                sampledBigrams.size() <= 1, "unseen sampled bigrams beyond the cut last document: " + sampledBigrams);
    }

    @Test
    void corpusHasExactlyTheRequestedTokensAndDependsOnlyOnTheSeed() {
        NgramLanguageModel model = NgramLanguageModel.train(ZIPF, 3, Smoothing.kneserNey());
        DocumentSampler sampler = new DocumentSampler(model, SamplingBias.NONE, 50);
        TokenCorpus a = sampler.sampleCorpus(1234, i -> Seeds.forRecord(42, i));
        TokenCorpus b = sampler.sampleCorpus(1234, i -> Seeds.forRecord(42, i));
        TokenCorpus c = sampler.sampleCorpus(1234, i -> Seeds.forRecord(43, i));
        assertEquals(1234, a.tokenCount());
        assertEquals(1234, a.documents().stream().mapToInt(d -> d.length).sum());
        assertTrue(a.documents().stream().allMatch(d -> d.length <= 50));
        assertTrue(a.sameDocuments(b), "same seed, same corpus");
        assertFalse(a.sameDocuments(c), "another seed, another corpus");
        // Document i depends only on its own random source: a longer corpus starts the same way.
        TokenCorpus longer = sampler.sampleCorpus(5000, i -> Seeds.forRecord(42, i));
        for (int i = 0; i < a.documentCount() - 1; i++) {
            assertTrue(java.util.Arrays.equals(
                    a.documents().get(i), longer.documents().get(i)));
        }
    }

    /** Bigrams (BOS, first), inside, and (last, EOS) of documents shorter than endedBelow, packed in longs. */
    private static LongOpenHashSet bigramsWithBoundaries(List<int[]> documents, int endedBelow) {
        LongOpenHashSet bigrams = new LongOpenHashSet();
        for (int[] d : documents) {
            int previous = TokenIds.BOS;
            for (int token : d) {
                bigrams.add(((long) previous << 32) | token);
                previous = token;
            }
            if (d.length < endedBelow) {
                bigrams.add(((long) previous << 32) | TokenIds.EOS);
            }
        }
        return bigrams;
    }

    /** Top-k and top-p sample by rejection against a kept set found once per context: still the exact biased distribution. */
    @Test
    void truncatedDrawsFollowTheBiasedDistribution() {
        for (Smoothing smoothing : List.of(Smoothing.none(), Smoothing.kneserNey())) {
            NgramLanguageModel model = NgramLanguageModel.train(ZIPF, 2, smoothing);
            int[] context = {TokenIds.FIRST_CONTENT};
            for (SamplingBias bias : List.of(
                    SamplingBias.topK(5),
                    SamplingBias.topP(0.9),
                    new SamplingBias(0.7, 0, 0.8),
                    new SamplingBias(1.0, 12, 0.95))) {
                double[] p = model.distribution(context, 1);
                double[] expected = BiasedDraw.weights(p, model.support(), p.length, bias);
                double sum = java.util.Arrays.stream(expected).sum();
                for (int i = 0; i < expected.length; i++) {
                    expected[i] /= sum;
                }
                assertDrawsFollow(model, context, 1, bias, expected, smoothing + " " + bias);
            }
        }
    }

    /** A temperature above 1 samples by rejection from a mixture with the uniform, alone or with top-k and top-p. */
    @Test
    void flattenedDrawsFollowTheFlattenedDistribution() {
        int[] seen = ZIPF.documents().get(1);
        int[] unseen = {TokenIds.FIRST_CONTENT + 500, TokenIds.FIRST_CONTENT + 1};
        for (Smoothing smoothing : List.of(Smoothing.none(), Smoothing.addK(0.3), Smoothing.kneserNey())) {
            NgramLanguageModel trigram = NgramLanguageModel.train(ZIPF, 3, smoothing);
            List<int[]> contexts = smoothing.method() == Smoothing.Method.NONE ? List.of(seen) : List.of(seen, unseen);
            for (int[] context : contexts) {
                for (SamplingBias bias : List.of(
                        SamplingBias.temperature(1.5),
                        SamplingBias.temperature(3),
                        new SamplingBias(1.5, 0, 0.9),
                        new SamplingBias(2.0, 8, 1.0))) {
                    double[] expected = BiasedDraw.weights(
                            trigram.distribution(context, 2), trigram.support(), trigram.supportSize(), bias);
                    assertDrawsFollow(
                            trigram,
                            context,
                            2,
                            bias,
                            normalized(expected),
                            smoothing + " " + bias + " after " + java.util.Arrays.toString(context));
                }
            }
        }
    }

    private static double[] normalized(double[] weights) {
        double sum = java.util.Arrays.stream(weights).sum();
        return java.util.Arrays.stream(weights).map(w -> w / sum).toArray();
    }

    private static double[] sharpen(double[] p, double temperature) {
        double[] q = new double[p.length];
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            q[i] = Math.pow(p[i], 1 / temperature);
            sum += q[i];
        }
        for (int i = 0; i < p.length; i++) {
            q[i] /= sum;
        }
        return q;
    }

    private static void assertDrawsFollow(
            NgramLanguageModel model, int[] history, int length, SamplingBias bias, double[] expected, String what) {
        int[] support = model.support();
        it.unimi.dsi.fastutil.ints.Int2IntOpenHashMap index = new it.unimi.dsi.fastutil.ints.Int2IntOpenHashMap();
        for (int i = 0; i < support.length; i++) {
            index.put(support[i], i);
        }
        long[] counts = new long[support.length];
        SplittableRandom random = new SplittableRandom(99);
        for (int draw = 0; draw < DRAWS; draw++) {
            counts[index.get(model.sampleNext(history, length, bias, random))]++;
        }
        for (int i = 0; i < support.length; i++) {
            double p = expected[i];
            double observed = (double) counts[i] / DRAWS;
            if (p == 0) {
                assertEquals(0, counts[i], what + ": token " + support[i] + " has no mass but was drawn");
                continue;
            }
            double se = Math.sqrt(p * (1 - p) / DRAWS);
            assertTrue(
                    Math.abs(observed - p) <= MAX_Z * se,
                    what + ": token " + support[i] + " drawn " + observed + ", expected " + p + " +- " + se);
        }
    }
}
