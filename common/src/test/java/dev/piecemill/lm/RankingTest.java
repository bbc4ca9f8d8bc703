package dev.piecemill.lm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

class RankingTest {
    @Test
    void mergeRanksByProbabilityThenLowerIndex() {
        int[] candidates = {7, 2, 5};
        double[] candidateP = {0.3, 0.1, 0.3};
        // Tail values never increase, but rounding joined 0.1 (indices 3, 8) and 0.1 (index 1) into one run.
        int[] tail = {4, 3, 8, 1, 0};
        double[] tailP = {0.2, 0.1, 0.1, 0.1, 0.05};
        Ranking r = Ranking.merge(candidates, candidateP, 3, tail, tailP, 5);
        assertArrayEquals(new int[] {5, 7, 4, 1, 2, 3, 8, 0}, r.indices());
        assertArrayEquals(new double[] {0.3, 0.3, 0.2, 0.1, 0.1, 0.1, 0.1, 0.05}, r.probabilities());
    }

    /** The merge against a full sort, on random inputs with many ties. */
    @Test
    void mergeEqualsAFullSort() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(5);
        for (int round = 0; round < 200; round++) {
            int n = 1 + random.nextInt(30);
            int[] ids = java.util.stream.IntStream.range(0, n).toArray();
            double[] p = new double[n];
            for (int i = 0; i < n; i++) {
                p[i] = random.nextInt(5) / 4.0;
            }
            int count = random.nextInt(n + 1);
            int[] shuffled = ids.clone();
            for (int i = n - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int swap = shuffled[i];
                shuffled[i] = shuffled[j];
                shuffled[j] = swap;
            }
            int[] candidates = Arrays.copyOf(shuffled, count);
            double[] candidateP =
                    Arrays.stream(candidates).mapToDouble(i -> p[i]).toArray();
            // The tail sorted by value only, indices within a value in arbitrary (shuffled) order.
            List<Integer> tailIds = new ArrayList<>();
            for (int i = count; i < n; i++) {
                tailIds.add(shuffled[i]);
            }
            tailIds.sort(Comparator.comparingDouble(i -> -p[i]));
            int[] tail = tailIds.stream().mapToInt(Integer::intValue).toArray();
            double[] tailP = Arrays.stream(tail).mapToDouble(i -> p[i]).toArray();
            Ranking r = Ranking.merge(candidates, candidateP, count, tail, tailP, tail.length);
            Integer[] expected = Arrays.stream(ids).boxed().toArray(Integer[]::new);
            Arrays.sort(expected, (a, b) -> Ranking.precedes(p[a], a, p[b], b));
            assertArrayEquals(
                    Arrays.stream(expected).mapToInt(Integer::intValue).toArray(), r.indices(), "round " + round);
            assertEquals(n, r.size());
        }
    }
}
