package dev.piecemill.lm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

class BiasedDrawTest {
    private static final int[] IDS = {3, 4, 5, 6};

    @Test
    void temperatureSharpensByPower() {
        double[] w = normalized(
                BiasedDraw.weights(new double[] {0.5, 0.25, 0.25, 0}, IDS, 4, SamplingBias.temperature(0.5)));
        // p^2 = 0.25, 0.0625, 0.0625 -> 2/3, 1/6, 1/6.
        assertArrayEquals(new double[] {2.0 / 3, 1.0 / 6, 1.0 / 6, 0}, w, 1e-12);
    }

    @Test
    void topKBreaksTiesByLowerId() {
        double[] w = normalized(BiasedDraw.weights(new double[] {0.2, 0.4, 0.2, 0.2}, IDS, 4, SamplingBias.topK(2)));
        assertArrayEquals(new double[] {1.0 / 3, 2.0 / 3, 0, 0}, w, 1e-12);
    }

    @Test
    void topPKeepsTheSmallestSetReachingP() {
        double[] p = {0.3, 0.5, 0.2, 0};
        assertArrayEquals(
                new double[] {0, 1, 0, 0},
                normalized(BiasedDraw.weights(p, IDS, 4, SamplingBias.topP(0.5))),
                1e-12,
                "0.5 alone reaches P = 0.5");
        assertArrayEquals(
                new double[] {0.375, 0.625, 0, 0},
                normalized(BiasedDraw.weights(p, IDS, 4, SamplingBias.topP(0.51))),
                1e-12);
        assertArrayEquals(
                new double[] {0.3, 0.5, 0.2, 0},
                normalized(BiasedDraw.weights(p, IDS, 4, SamplingBias.topP(0.81))),
                1e-12);
        // Ties at the boundary: the lower ids (3 and 7) are kept.
        assertArrayEquals(
                new double[] {0, 0.5, 0.5, 0},
                normalized(BiasedDraw.weights(
                        new double[] {0.25, 0.25, 0.25, 0.25}, new int[] {9, 7, 3, 8}, 4, SamplingBias.topP(0.4))),
                1e-12);
    }

    @Test
    void biasesComposeInOrderTemperatureTopKTopP() {
        // T = 0.5: 0.36, 0.16, 0.09, 0.01 over {0.6, 0.4, 0.3, 0.1} -> top-2 -> 0.36/0.52 = 0.69 >= P = 0.6.
        double[] w = normalized(
                BiasedDraw.weights(new double[] {0.4, 0.6, 0.3, 0.1}, IDS, 4, new SamplingBias(0.5, 2, 0.6)));
        assertArrayEquals(new double[] {0, 1, 0, 0}, w, 1e-12);
    }

    private static double[] normalized(double[] weights) {
        double sum = java.util.Arrays.stream(weights).sum();
        return java.util.Arrays.stream(weights).map(x -> x / sum).toArray();
    }
}
