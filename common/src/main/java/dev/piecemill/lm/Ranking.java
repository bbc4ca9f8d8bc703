package dev.piecemill.lm;

import it.unimi.dsi.fastutil.ints.IntArrays;
import java.util.Arrays;

/**
 * A context's distribution over support indices ranked as top-k and top-p cut it: probability
 * descending, the lower index first among equal probabilities.
 */
record Ranking(int[] indices, double[] probabilities) {
    int size() {
        return indices.length;
    }

    /**
     * Ranks {@code count} candidates given in any order together with {@code tailCount} tail
     * entries whose probabilities never increase. The tail is a shared order scaled by backoff
     * weights: rounding may join distinct values into one, so a run of equal tail values is
     * re-sorted by index first. O(count log count + tailCount), no sort of the whole support.
     */
    static Ranking merge(int[] candidates, double[] candidateP, int count, int[] tail, double[] tailP, int tailCount) {
        int[] order = new int[count];
        for (int i = 0; i < count; i++) {
            order[i] = i;
        }
        IntArrays.quickSort(order, (a, b) -> precedes(candidateP[a], candidates[a], candidateP[b], candidates[b]));
        sortTiesByIndex(tail, tailP, tailCount);
        int[] indices = new int[count + tailCount];
        double[] probabilities = new double[count + tailCount];
        int c = 0;
        int t = 0;
        for (int r = 0; r < indices.length; r++) {
            boolean fromCandidates = t == tailCount
                    || (c < count && precedes(candidateP[order[c]], candidates[order[c]], tailP[t], tail[t]) < 0);
            if (fromCandidates) {
                indices[r] = candidates[order[c]];
                probabilities[r] = candidateP[order[c++]];
            } else {
                indices[r] = tail[t];
                probabilities[r] = tailP[t++];
            }
        }
        return new Ranking(indices, probabilities);
    }

    /** Negative when (p, index) ranks before (q, other). */
    static int precedes(double p, int index, double q, int other) {
        int byProbability = Double.compare(q, p);
        return byProbability != 0 ? byProbability : Integer.compare(index, other);
    }

    private static void sortTiesByIndex(int[] tail, double[] tailP, int tailCount) {
        int start = 0;
        while (start < tailCount) {
            int end = start + 1;
            boolean sorted = true;
            while (end < tailCount && tailP[end] == tailP[start]) {
                sorted &= tail[end - 1] < tail[end];
                end++;
            }
            if (!sorted) {
                Arrays.sort(tail, start, end);
            }
            start = end;
        }
    }
}
