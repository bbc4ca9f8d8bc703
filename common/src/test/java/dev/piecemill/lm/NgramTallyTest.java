package dev.piecemill.lm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NgramTallyTest {
    private static Map<List<Integer>, Long> asMap(NgramTally tally) {
        Map<List<Integer>, Long> map = new HashMap<>();
        tally.forEach(
                (ngram, count) -> map.put(java.util.Arrays.stream(ngram).boxed().toList(), count));
        return map;
    }

    @Test
    void countsPaddedEventsAndInnerNgrams() {
        NgramTally padded = new NgramTally(3);
        padded.addPaddedDocument(new int[] {5, 6});
        padded.addPaddedDocument(new int[] {5, 6});
        padded.addPaddedDocument(new int[0]);
        // <bos> <bos> 5 6 <eos>: (1 1 5) (1 5 6) (5 6 2); the empty document is (1 1 2).
        assertEquals(
                Map.of(List.of(1, 1, 5), 2L, List.of(1, 5, 6), 2L, List.of(5, 6, 2), 2L, List.of(1, 1, 2), 1L),
                asMap(padded));
        assertEquals(4, padded.distinct());

        NgramTally inner = new NgramTally(2);
        inner.addWithin(new int[] {3, 3, 3, 4});
        inner.addWithin(new int[] {4});
        assertEquals(Map.of(List.of(3, 3), 2L, List.of(3, 4), 1L), asMap(inner));
        assertThrows(IllegalArgumentException.class, () -> inner.add(new int[] {3, 3}, 0, 0));
    }

    /** A model from counts gathered in any order and any grouping is the model trained on the documents. */
    @Test
    void modelFromMergedCountsIsTheTrainedModel() {
        TokenCorpus corpus = TestCorpora.zipf(40, 2000, 11);
        for (Smoothing smoothing : List.of(Smoothing.none(), Smoothing.addK(0.3), Smoothing.kneserNey())) {
            NgramLanguageModel trained = NgramLanguageModel.train(corpus, 3, smoothing);
            // Two "partitions" tallied apart, their counts merged in a shuffled order.
            NgramTally left = new NgramTally(3);
            NgramTally right = new NgramTally(3);
            List<int[]> documents = corpus.documents();
            for (int i = 0; i < documents.size(); i++) {
                (i % 2 == 0 ? left : right).addPaddedDocument(documents.get(i));
            }
            List<Object[]> rows = new ArrayList<>();
            for (NgramTally part : List.of(left, right)) {
                part.forEach((ngram, count) -> rows.add(new Object[] {ngram.clone(), count}));
            }
            Collections.shuffle(rows, new java.util.Random(5));
            NgramTally merged = new NgramTally(3);
            rows.forEach(r -> merged.add((int[]) r[0], 0, (Long) r[1]));
            NgramLanguageModel rebuilt = NgramLanguageModel.fromCounts(merged, smoothing);

            assertEquals(trained.entryCount(), rebuilt.entryCount());
            assertEquals(trained.contextCount(), rebuilt.contextCount());
            for (int[] history :
                    List.of(new int[0], new int[] {3}, new int[] {3, 4}, new int[] {9, 9}, new int[] {4, 3, 3})) {
                for (int token : trained.support()) {
                    assertEquals(
                            trained.probability(history, history.length, token),
                            rebuilt.probability(history, history.length, token),
                            0.0,
                            smoothing + " " + token);
                }
            }
            if (smoothing.method() != Smoothing.Method.NONE) {
                DocumentSampler a = new DocumentSampler(trained, SamplingBias.NONE, 200);
                DocumentSampler b = new DocumentSampler(rebuilt, SamplingBias.NONE, 200);
                for (int seed = 0; seed < 20; seed++) {
                    assertEquals(
                            java.util.Arrays.toString(a.sampleDocument(new SplittableRandom(seed))),
                            java.util.Arrays.toString(b.sampleDocument(new SplittableRandom(seed))),
                            "same samples");
                }
            }
        }
    }

    @Test
    void memoryEstimateGrowsWithTheModel() {
        NgramLanguageModel small = NgramLanguageModel.train(TestCorpora.zipf(40, 500, 1), 3);
        NgramLanguageModel large = NgramLanguageModel.train(TestCorpora.zipf(40, 20_000, 1), 3);
        assertEquals(true, large.memoryBytes() > 4 * small.memoryBytes());
        // At least the entry arrays: an int and a long per entry.
        assertEquals(true, large.memoryBytes() >= 12L * large.entryCount());
    }
}
