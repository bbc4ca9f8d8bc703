package dev.piecemill.lm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The model ranks a context and finds its kept set without sorting the support: the same as ranking it all. */
class KeptSetTest {
    private static final TokenCorpus ZIPF = TestCorpora.zipf(60, 3000, 17);
    private static final List<SamplingBias> BIASES = List.of(
            SamplingBias.topK(1),
            SamplingBias.topK(7),
            SamplingBias.topP(0.5),
            SamplingBias.topP(0.9),
            SamplingBias.topP(0.999),
            new SamplingBias(0.6, 0, 0.8),
            new SamplingBias(1.7, 0, 0.9),
            new SamplingBias(1.3, 20, 0.95),
            SamplingBias.topK(1000));

    @Test
    void rankingAndKeptSetsEqualBruteForceInManyContexts() {
        int checkedTies = 0;
        for (Smoothing smoothing : List.of(Smoothing.kneserNey(), Smoothing.addK(0.3), Smoothing.none())) {
            for (int order = 1; order <= 4; order++) {
                NgramLanguageModel model = NgramLanguageModel.train(ZIPF, order, smoothing);
                for (int[] context : contexts(model)) {
                    if (smoothing.method() == Smoothing.Method.NONE && !seen(model, context)) {
                        continue;
                    }
                    double[] p = bruteForceProbabilities(model, context);
                    int[] expected = bruteForceRanking(p);
                    Ranking ranking = model.ranking(context, context.length);
                    String what = smoothing + " order " + order + " context " + Arrays.toString(context);
                    assertArrayEquals(expected, ranking.indices(), what);
                    for (int r = 1; r < expected.length; r++) {
                        checkedTies += p[expected[r]] == p[expected[r - 1]] ? 1 : 0;
                    }
                    for (SamplingBias bias : BIASES) {
                        double[] weights = BiasedDraw.weights(p, identity(p.length), p.length, bias);
                        boolean[] kept = model.keptIndices(context, context.length, bias);
                        for (int i = 0; i < p.length; i++) {
                            assertTrue(kept[i] == weights[i] > 0, what + " " + bias + ": index " + i);
                        }
                    }
                }
            }
        }
        assertTrue(checkedTies > 1000, "a real test of ties: " + checkedTies);
    }

    /** Every context the documents start with or pass through, and some never seen. */
    private static List<int[]> contexts(NgramLanguageModel model) {
        List<int[]> contexts = new ArrayList<>();
        for (int d = 0; d < 30; d++) {
            int[] doc = ZIPF.documents().get(d);
            for (int length = 0; length <= Math.min(doc.length, 6); length++) {
                contexts.add(Arrays.copyOf(doc, length));
            }
        }
        contexts.add(new int[] {TokenIds.FIRST_CONTENT + 500, TokenIds.FIRST_CONTENT + 1});
        contexts.add(new int[] {TokenIds.FIRST_CONTENT + 1, TokenIds.FIRST_CONTENT + 500});
        return contexts;
    }

    private static boolean seen(NgramLanguageModel model, int[] context) {
        try {
            model.distribution(context, context.length);
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    private static double[] bruteForceProbabilities(NgramLanguageModel model, int[] context) {
        int[] support = model.support();
        double[] p = new double[support.length];
        for (int i = 0; i < support.length; i++) {
            p[i] = model.probability(context, context.length, support[i]);
        }
        return p;
    }

    private static int[] bruteForceRanking(double[] p) {
        return Arrays.stream(identity(p.length))
                .boxed()
                .sorted((a, b) -> {
                    int byP = Double.compare(p[b], p[a]);
                    return byP != 0 ? byP : Integer.compare(a, b);
                })
                .mapToInt(Integer::intValue)
                .toArray();
    }

    private static int[] identity(int n) {
        return java.util.stream.IntStream.range(0, n).toArray();
    }
}
