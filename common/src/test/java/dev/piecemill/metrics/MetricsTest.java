package dev.piecemill.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.piecemill.lm.TokenCorpus;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every metric on tiny corpora computed by hand. */
class MetricsTest {
    /** Counts 3:2, 4:1, 5:1 (p = 1/2, 1/4, 1/4). */
    private static final TokenCorpus SMALL = TokenCorpus.of(List.of(new int[] {3, 3, 4}, new int[] {5}));
    /** Uniform over 3, 4, 5, 6. */
    private static final TokenCorpus UNIFORM = TokenCorpus.of(List.of(new int[] {3, 4, 5, 6}));

    @Test
    void typesCountDistinctTokensAndTotalCountsEveryToken() {
        TokenFrequencies f = TokenFrequencies.of(SMALL);
        assertEquals(3, f.types());
        assertEquals(4, f.total());
    }

    @Test
    void entropyIsShannonsInNats() {
        assertEquals(1.5 * Math.log(2), UnigramDiversity.entropy(TokenFrequencies.of(SMALL)), 1e-12);
    }

    @Test
    void giniSimpsonIsOneMinusTheSumOfSquaredShares() {
        assertEquals(1 - (0.25 + 0.0625 + 0.0625), UnigramDiversity.giniSimpson(TokenFrequencies.of(SMALL)), 1e-12);
    }

    @Test
    void ranksOrderTokensByCountThenLowerId() {
        TokenFrequencies f = TokenFrequencies.of(SMALL);
        assertEquals(3, f.tokenAtRank(0));
        assertEquals(4, f.tokenAtRank(1), "ties rank the lower id first");
    }

    @Test
    void distinctNCountsNgramsInsideDocuments() {
        double[] ratios = DistinctNgrams.ratios(SMALL, 4);
        assertEquals(0.75, ratios[0], 1e-12);
        assertEquals(1.0, ratios[1], 1e-12, "(3 3) and (3 4); none across documents");
        assertEquals(1.0, ratios[2], 1e-12);
        assertTrue(Double.isNaN(ratios[3]), "no 4-gram");
        double[] repetitive = DistinctNgrams.ratios(List.of(new int[] {7, 7, 7, 7, 7}), 2);
        assertEquals(0.2, repetitive[0], 1e-12);
        assertEquals(0.25, repetitive[1], 1e-12);
    }

    @Test
    void kullbackLeiblerIsTheExpectedLogRatio() {
        assertEquals(
                0.5 * Math.log(2),
                Divergence.kullbackLeibler(TokenFrequencies.of(SMALL), TokenFrequencies.of(UNIFORM)),
                1e-12);
    }

    @Test
    void kullbackLeiblerIsInfiniteWhenTheSecondLacksATokenOfTheFirst() {
        assertEquals(
                Double.POSITIVE_INFINITY,
                Divergence.kullbackLeibler(TokenFrequencies.of(UNIFORM), TokenFrequencies.of(SMALL)),
                "uniform has token 6, small does not");
    }

    @Test
    void jensenShannonIsSymmetricFromZeroOnItselfToLn2WhenDisjoint() {
        TokenFrequencies p = TokenFrequencies.of(SMALL);
        TokenFrequencies q = TokenFrequencies.of(UNIFORM);
        double js = (0.5 * Math.log(0.5 / 0.375) + 0.25 * Math.log(0.25 / 0.375) + 0.25 * Math.log(2)) / 2;
        assertEquals(js, Divergence.jensenShannon(p, q), 1e-12);
        assertEquals(js, Divergence.jensenShannon(q, p), 1e-12);
        assertEquals(0.0, Divergence.jensenShannon(p, p), 1e-15);
        TokenFrequencies disjoint = TokenFrequencies.of(List.of(new int[] {8, 9}));
        assertEquals(Math.log(2), Divergence.jensenShannon(p, disjoint), 1e-12);
    }

    @Test
    void tailMassIsGeneration0MassOfSurvivingTailTypes() {
        // 20 types, token 3 + i has count 20 - i (total 210); the head is the top 2.
        List<int[]> documents = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            int[] run = new int[20 - i];
            java.util.Arrays.fill(run, 3 + i);
            documents.add(run);
        }
        TokenFrequencies generation0 = TokenFrequencies.of(documents);
        assertEquals(171.0 / 210, TailMass.of(generation0, generation0), 1e-12);
        TokenFrequencies later = TokenFrequencies.of(List.of(new int[] {3, 10, 22, 99}));
        assertEquals((13.0 + 1) / 210, TailMass.of(generation0, later), 1e-12, "tokens 10 and 22 survive, 3 is head");
        // 30 types: the head is exactly 3 (0.1 * 30 is a hair above 3 in floating point).
        List<int[]> thirty = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            thirty.add(new int[] {3 + i});
        }
        TokenFrequencies flat = TokenFrequencies.of(thirty);
        assertEquals(27.0 / 30, TailMass.of(flat, flat), 1e-12);
    }

    @Test
    void zipfExponentOfAnExactPowerLaw() {
        List<int[]> documents = new ArrayList<>();
        int[] counts = {60, 30, 20, 15, 12, 10}; // 60 / rank
        for (int r = 0; r < counts.length; r++) {
            int[] run = new int[counts[r]];
            java.util.Arrays.fill(run, 10 + r);
            documents.add(run);
        }
        assertEquals(1.0, UnigramDiversity.zipfExponent(TokenFrequencies.of(documents)), 1e-12);
        assertTrue(Double.isNaN(UnigramDiversity.zipfExponent(TokenFrequencies.of(List.of(new int[] {3, 3})))));
    }

    /** Bigrams of a sample scored against the reference's: (3 4) x2, (4 5) against (3 4), (4 6), (6 6). */
    private static NgramOverlap.Scores bigramScores() {
        NgramOverlap overlap = new NgramOverlap(List.of(new int[] {3, 4, 5}, new int[] {3, 4}), 2);
        return overlap.score(List.of(new int[] {3, 4, 6}, new int[] {6, 6}, new int[] {4}));
    }

    @Test
    void precisionIsTheShareOfTheSamplesDistinctNgramsInTheReference() {
        assertEquals(1.0 / 3, bigramScores().precision(), 1e-12, "(3 4) of (3 4), (4 6), (6 6)");
    }

    @Test
    void recallIsTheShareOfTheReferencesDistinctNgramsInTheSample() {
        assertEquals(0.5, bigramScores().recall(), 1e-12, "(3 4) of (3 4), (4 5)");
    }

    @Test
    void recallByMassWeighsTheReferencesNgramsByTheirCounts() {
        assertEquals(2.0 / 3, bigramScores().recallByMass(), 1e-12, "(3 4) holds 2 of 3 real occurrences");
    }

    @Test
    void calculatorFillsEveryColumnInOrder() {
        CorpusMetricsCalculator calculator = new CorpusMetricsCalculator(UNIFORM, 2);
        CorpusMetrics self = calculator.compute(UNIFORM);
        assertEquals(0.0, self.klToReference(), 1e-15);
        assertEquals(0.0, self.jsToReference(), 1e-15);
        assertEquals(1.0, self.ngramPrecision());
        assertEquals(1.0, self.ngramRecall());
        assertEquals(0.75, self.get("gini_simpson"), 1e-12);
        CorpusMetrics small = calculator.compute(SMALL);
        assertEquals(3.0, small.get("types"));
        assertEquals(4.0, small.get("tokens"));
        assertEquals(2.0, small.get("documents"));
        assertEquals(0.5 * Math.log(2), small.get("kl_to_reference"), 1e-12);
        assertEquals(0.5, small.get("tail_mass"), 1e-12, "head of 4 uniform types is 1 (id 3); 4 and 5 survive");
    }
}
