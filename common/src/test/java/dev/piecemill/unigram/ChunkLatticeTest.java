package dev.piecemill.unigram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ChunkLatticeTest {
    /** A small vocabulary over a, b, c with random probabilities, every byte present. */
    private static Vocabulary vocabulary(Random random, String... multiByte) {
        byte[][] pieces = new byte[256 + multiByte.length][];
        double[] p = new double[pieces.length];
        for (int b = 0; b < 256; b++) {
            pieces[b] = new byte[] {(byte) b};
            p[b] = b >= 'a' && b <= 'c' ? 0.5 + random.nextDouble() : 1e-4;
        }
        for (int i = 0; i < multiByte.length; i++) {
            pieces[256 + i] = multiByte[i].getBytes(StandardCharsets.UTF_8);
            p[256 + i] = 0.1 + random.nextDouble();
        }
        return new Vocabulary(pieces, p);
    }

    @Test
    void expectedCountsAndLikelihoodEqualThoseOfEnumeratingEverySegmentation() {
        Random random = new Random(11);
        for (int trial = 0; trial < 50; trial++) {
            Vocabulary v = vocabulary(random, "ab", "abc", "bc", "ca", "aa", "bca");
            byte[] text = new byte[1 + random.nextInt(10)];
            for (int i = 0; i < text.length; i++) {
                text[i] = (byte) ('a' + random.nextInt(3));
            }
            PassTotals totals = new PassTotals(v.size(), PassKind.EXPECTED_AND_VITERBI);
            new ChunkLattice(v).add(text, 0, text.length, totals);

            double[] expected = new double[v.size()];
            double z = enumerate(v, text, 0, 1.0, new ArrayList<>(), expected);
            for (int i = 0; i < v.size(); i++) {
                assertEquals(expected[i] / z, totals.expectedCount(i), 1e-5, "piece " + i + " in trial " + trial);
            }
            assertEquals(Math.log(z), totals.logLikelihood(), 1e-5);
            assertEquals(text.length, totals.bytes());
            long viterbiBytes = 0;
            for (int i = 0; i < v.size(); i++) {
                viterbiBytes += totals.viterbiCount(i) * v.piece(i).length;
            }
            assertEquals(text.length, viterbiBytes, "the Viterbi pieces cover the chunk");
        }
    }

    /** Adds every segmentation's probability times its piece counts; returns the total probability. */
    private static double enumerate(
            Vocabulary v, byte[] text, int at, double probability, List<Integer> path, double[] expected) {
        if (at == text.length) {
            for (int piece : path) {
                expected[piece] += probability;
            }
            return probability;
        }
        double total = 0;
        for (int i = 0; i < v.size(); i++) {
            byte[] p = v.piece(i);
            if (at + p.length <= text.length && Arrays.equals(p, 0, p.length, text, at, at + p.length)) {
                path.add(i);
                total += enumerate(v, text, at + p.length, probability * v.probability(i), path, expected);
                path.remove(path.size() - 1);
            }
        }
        return total;
    }

    @Test
    void longChunksRescaleInsteadOfUnderflowing() {
        Random random = new Random(2);
        Vocabulary v = vocabulary(random, "ab", "abc", "bc");
        byte[] text = new byte[20_000];
        for (int i = 0; i < text.length; i++) {
            text[i] = (byte) ('a' + random.nextInt(3));
        }
        PassTotals totals = new PassTotals(v.size(), PassKind.EXPECTED);
        new ChunkLattice(v).add(text, 0, text.length, totals);
        // The forward sum in log space, the slow and plainly safe way.
        double[] logAlpha = new double[text.length + 1];
        Arrays.fill(logAlpha, Double.NEGATIVE_INFINITY);
        logAlpha[0] = 0;
        for (int s = 0; s < text.length; s++) {
            for (int i = 0; i < v.size(); i++) {
                byte[] p = v.piece(i);
                int e = s + p.length;
                if (e <= text.length && Arrays.equals(p, 0, p.length, text, s, e)) {
                    double x = logAlpha[s] + Math.log(v.probability(i));
                    double m = Math.max(x, logAlpha[e]);
                    logAlpha[e] = m + Math.log(Math.exp(x - m) + Math.exp(logAlpha[e] - m));
                }
            }
        }
        assertTrue(logAlpha[text.length] < -10_000, "the probability is far below a double's range");
        assertEquals(logAlpha[text.length], totals.logLikelihood(), 1e-6 * -logAlpha[text.length]);
        double pieces = 0;
        for (int i = 0; i < v.size(); i++) {
            pieces += totals.expectedCount(i) * v.piece(i).length;
        }
        assertEquals(text.length, pieces, 1e-2, "expected bytes covered equal the chunk's length");
    }
}
