package dev.piecemill.lm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NgramLanguageModelTest {
    private static final List<int[]> TINY = List.of(new int[] {3, 4}, new int[] {3, 5}, new int[] {4, 4, 3});
    private static final TokenCorpus ZIPF = TestCorpora.zipf(60, 3000, 7);

    /**
     * Ids small enough for direct tables and the same corpus with ids past them (hash maps) give
     * the same probabilities and losses, bit for bit, under every smoothing.
     */
    @ParameterizedTest
    @ValueSource(strings = {"none", "add-k", "kneser-ney"})
    void directTablesAndHashMapsGiveTheSameProbabilities(String smoothingName) {
        Smoothing smoothing = switch (smoothingName) {
            case "none" -> Smoothing.none();
            case "add-k" -> Smoothing.addK(0.5);
            default -> Smoothing.kneserNey();
        };
        int shift = 1 << 23;
        List<int[]> small = TestCorpora.europarlParagraphs(60);
        List<int[]> large = small.stream()
                .map(d -> java.util.Arrays.stream(d).map(t -> t + shift).toArray())
                .toList();
        NgramLanguageModel direct = NgramLanguageModel.train(small.subList(0, 40), 3, smoothing);
        NgramLanguageModel hashed = NgramLanguageModel.train(large.subList(0, 40), 3, smoothing);
        int compared = 0;
        for (int d = 0; d < small.size(); d++) { // held-out documents too: unseen tokens and contexts
            int[] s = small.get(d);
            int[] l = large.get(d);
            for (int i = 0; i <= s.length; i++) {
                int token = i < s.length ? s[i] : TokenIds.EOS;
                int shifted = i < s.length ? l[i] : TokenIds.EOS;
                assertEquals(direct.probability(s, i, token), hashed.probability(l, i, shifted), "document " + d);
                compared++;
            }
            assertEquals(LogLoss.of(direct, s), LogLoss.of(hashed, l), "document " + d);
        }
        assertTrue(compared > 1000, "enough positions compared");
    }

    @Test
    void maximumLikelihoodOnHandCountedBigrams() {
        NgramLanguageModel model = NgramLanguageModel.train(TINY, 2, Smoothing.none());
        // BOS is followed by 3 twice and 4 once; 3 by 4, 5 and EOS; 4 by EOS, 4 and 3.
        assertEquals(2.0 / 3, model.probability(new int[0], 0, 3), 1e-15);
        assertEquals(1.0 / 3, model.probability(new int[] {3}, 1, 5), 1e-15);
        assertEquals(1.0 / 3, model.probability(new int[] {9, 4}, 2, TokenIds.EOS), 1e-15);
        assertEquals(0.0, model.probability(new int[] {5}, 1, 3));
        assertEquals(Double.NEGATIVE_INFINITY, model.logProb(new int[] {5}, 3));
        assertEquals(Double.NEGATIVE_INFINITY, model.logProb(new int[] {7}, 3), "unseen context");
        assertEquals(
                List.of(2, 3, 4, 5),
                java.util.Arrays.stream(model.support()).boxed().toList());
    }

    @Test
    void addKOnHandCountedBigrams() {
        NgramLanguageModel model = NgramLanguageModel.train(TINY, 2, Smoothing.addK(0.5));
        // c(3 .) = 3 with one 4; support {EOS, 3, 4, 5}: (1 + 0.5) / (3 + 0.5 * 4).
        assertEquals(1.5 / 5, model.probability(new int[] {3}, 1, 4), 1e-15);
        assertEquals(0.5 / 5, model.probability(new int[] {3}, 1, 3), 1e-15);
        assertEquals(0.25, model.probability(new int[] {7}, 1, 3), 1e-15, "unseen context is uniform");
    }

    @Test
    void kneserNeyUnigramOnHandCounts() {
        // Counts 3:2, 4:1, EOS:1; n1 = 2, n2 = 1 so D = 2 / (2 + 2) = 0.5; lower weight 0.5 * 3 / 4.
        NgramLanguageModel model = NgramLanguageModel.train(List.of(new int[] {3, 3, 4}), 1, Smoothing.kneserNey());
        assertEquals(0.5, model.discount(1), 1e-15);
        double backoff = 0.5 * 3 / 4 / 3;
        assertEquals(1.5 / 4 + backoff, model.probability(new int[0], 0, 3), 1e-15);
        assertEquals(0.5 / 4 + backoff, model.probability(new int[0], 0, 4), 1e-15);
        assertEquals(0.5 / 4 + backoff, model.probability(new int[0], 0, TokenIds.EOS), 1e-15);
    }

    @Test
    void kneserNeyLowerOrderUsesContinuationCounts() {
        // Token 9 follows only 8 (three times); token 5 follows three different tokens once each.
        List<int[]> docs = List.of(
                new int[] {8, 9}, new int[] {8, 9}, new int[] {8, 9}, new int[] {3, 5}, new int[] {4, 5}, new int[] {
                    6, 5
                });
        NgramLanguageModel model = NgramLanguageModel.train(docs, 2, Smoothing.kneserNey());
        // After an unseen context only the unigram level speaks: continuation counts favour 5.
        int[] unseen = {7};
        assertTrue(model.probability(unseen, 1, 5) > 2 * model.probability(unseen, 1, 9));
        NgramLanguageModel raw = NgramLanguageModel.train(docs, 1, Smoothing.kneserNey());
        assertEquals(
                raw.probability(unseen, 0, 5),
                raw.probability(unseen, 0, 9),
                1e-15,
                "the order-1 model sees raw counts, equal for 5 and 9");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5})
    void smoothedDistributionsSumToOneOverTheSupport(int order) {
        for (Smoothing smoothing : List.of(Smoothing.kneserNey(), Smoothing.addK(0.1), Smoothing.addK(2))) {
            NgramLanguageModel model = NgramLanguageModel.train(ZIPF, order, smoothing);
            SplittableRandom random = new SplittableRandom(order);
            for (int trial = 0; trial < 60; trial++) {
                int[] context = randomContext(random, trial % 3 == 0 ? 200 : 60, trial % 7);
                double sum = 0;
                for (int token : model.support()) {
                    sum += model.probability(context, context.length, token);
                }
                assertEquals(
                        1.0,
                        sum,
                        1e-9,
                        smoothing + " order " + order + " context " + java.util.Arrays.toString(context));
                double[] distribution = model.distribution(context, context.length);
                assertEquals(1.0, java.util.Arrays.stream(distribution).sum(), 1e-9);
                assertTrue(
                        java.util.Arrays.stream(distribution).allMatch(p -> p > 0),
                        "every supported token is possible");
            }
        }
    }

    @Test
    void unsmoothedDistributionsSumToOneInSeenContexts() {
        NgramLanguageModel model = NgramLanguageModel.train(ZIPF, 3, Smoothing.none());
        for (int[] document : ZIPF.documents().subList(0, 50)) {
            for (int i = 0; i <= document.length; i++) {
                double sum = 0;
                for (int token : model.support()) {
                    sum += model.probability(document, i, token);
                }
                assertEquals(1.0, sum, 1e-12);
            }
        }
    }

    @Test
    void perplexityCountsEveryTokenAndEos() {
        NgramLanguageModel model = NgramLanguageModel.train(TINY, 2, Smoothing.none());
        // Document [3, 4]: P(3|BOS) = 2/3, P(4|3) = 1/3, P(EOS|4) = 1/3.
        double expected = Math.exp(-(Math.log(2.0 / 3) + 2 * Math.log(1.0 / 3)) / 3);
        assertEquals(expected, Perplexity.of(model, List.of(new int[] {3, 4})), 1e-12);
        assertEquals(Double.POSITIVE_INFINITY, Perplexity.of(model, List.of(new int[] {5, 5})), "unseen bigram 5 5");
        NgramLanguageModel smoothed = NgramLanguageModel.train(TINY, 2, Smoothing.kneserNey());
        assertTrue(Double.isFinite(Perplexity.of(smoothed, List.of(new int[] {5, 5}))));
    }

    @Test
    void kneserNeyBeatsAddKOnHeldOutEuroparl() {
        List<int[]> paragraphs = TestCorpora.europarlParagraphs(Integer.MAX_VALUE);
        List<int[]> train = paragraphs.subList(0, paragraphs.size() * 85 / 100);
        List<int[]> heldOut = paragraphs.subList(train.size(), paragraphs.size());
        // Held-out tokens the training never saw are outside every model's support: drop those documents.
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        train.forEach(d -> java.util.Arrays.stream(d).forEach(seen::add));
        List<int[]> covered = heldOut.stream()
                .filter(d -> java.util.Arrays.stream(d).allMatch(seen::contains))
                .toList();
        assertTrue(covered.size() >= 20, "enough covered held-out paragraphs: " + covered.size());
        double kneserNey = Perplexity.of(NgramLanguageModel.train(train, 3, Smoothing.kneserNey()), covered);
        double addK = Perplexity.of(NgramLanguageModel.train(train, 3, Smoothing.addK(0.1)), covered);
        double unigram = Perplexity.of(NgramLanguageModel.train(train, 1, Smoothing.kneserNey()), covered);
        double unsmoothed = Perplexity.of(NgramLanguageModel.train(train, 3, Smoothing.none()), covered);
        System.out.printf(
                "europarl held-out perplexity: KN-3 %.1f, add-0.1-3 %.1f, KN-1 %.1f, none-3 %s%n",
                kneserNey, addK, unigram, unsmoothed);
        assertTrue(kneserNey < addK && kneserNey < unigram, "KN trigram best");
        assertEquals(Double.POSITIVE_INFINITY, unsmoothed);
    }

    @Test
    void orderMustBeOneToFive() {
        assertThrows(IllegalArgumentException.class, () -> NgramLanguageModel.train(TINY, 0, Smoothing.none()));
        assertThrows(IllegalArgumentException.class, () -> NgramLanguageModel.train(TINY, 6, Smoothing.none()));
        assertThrows(IllegalArgumentException.class, () -> NgramLanguageModel.train(List.of(new int[] {2}), 2));
    }

    private static int[] randomContext(SplittableRandom random, int maxId, int length) {
        int[] context = new int[length];
        for (int i = 0; i < length; i++) {
            context[i] = TokenIds.FIRST_CONTENT + random.nextInt(maxId);
        }
        return context;
    }
}
