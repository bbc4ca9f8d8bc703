package dev.piecemill.piece;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.piecemill.util.Seeds;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Viterbi sampling draws each segmentation with probability exactly proportional to
 * prod p(piece)^alpha: checked against a brute-force enumeration of every segmentation.
 */
class SamplingTest {
    private static final String TEXT = "ababa";
    private static final int SAMPLES = 200_000;
    private static final String[] MULTI_BYTE = {"ab", "ba", "aba", "bab", "abab"};
    private static final long[] MULTI_BYTE_COUNTS = {300, 250, 120, 100, 60};

    private static final PieceModel MODEL = smallModel();
    private static final Tokenizer TOKENIZER = new Tokenizer(MODEL);

    /** All 256 single bytes ('a' and 'b' frequent, the rest rare) plus the multi-byte pieces, ids in list order. */
    private static PieceModel smallModel() {
        byte[][] pieces = new byte[256 + MULTI_BYTE.length][];
        long[] counts = new long[pieces.length];
        for (int b = 0; b < 256; b++) {
            pieces[b] = new byte[] {(byte) b};
            counts[b] = b == 'a' ? 1000 : b == 'b' ? 800 : 20;
        }
        for (int i = 0; i < MULTI_BYTE.length; i++) {
            pieces[256 + i] = MULTI_BYTE[i].getBytes(StandardCharsets.US_ASCII);
            counts[256 + i] = MULTI_BYTE_COUNTS[i];
        }
        return new PieceModel(pieces, counts);
    }

    /** Every segmentation of {@code text} into model pieces, as id lists, found by brute force. */
    private static List<List<Integer>> allSegmentations(byte[] text, int from) {
        List<List<Integer>> result = new ArrayList<>();
        if (from == text.length) {
            result.add(new ArrayList<>());
            return result;
        }
        for (int id = PieceModel.FIRST_PIECE_ID; id < MODEL.vocabSize(); id++) {
            byte[] piece = MODEL.piece(id);
            if (from + piece.length <= text.length
                    && java.util.Arrays.equals(piece, 0, piece.length, text, from, from + piece.length)) {
                for (List<Integer> rest : allSegmentations(text, from + piece.length)) {
                    List<Integer> seg = new ArrayList<>();
                    seg.add(id);
                    seg.addAll(rest);
                    result.add(seg);
                }
            }
        }
        return result;
    }

    /** Exact probabilities, prod p^alpha normalized, with log p = ln(count) - ln(total) as the reference. */
    private static Map<List<Integer>, Double> exactProbabilities(List<List<Integer>> segs, double alpha) {
        double logTotal = Math.log(MODEL.totalCount());
        double[] logWeights = new double[segs.size()];
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < segs.size(); i++) {
            for (int id : segs.get(i)) {
                logWeights[i] += alpha * (Math.log(MODEL.count(id)) - logTotal);
            }
            max = Math.max(max, logWeights[i]);
        }
        double z = 0;
        for (double w : logWeights) {
            z += Math.exp(w - max);
        }
        Map<List<Integer>, Double> probabilities = new HashMap<>();
        for (int i = 0; i < segs.size(); i++) {
            probabilities.put(segs.get(i), Math.exp(logWeights[i] - max) / z);
        }
        return probabilities;
    }

    private static Map<List<Integer>, Integer> sampleCounts(String text, double alpha, long seed, int samples) {
        SplittableRandom random = new SplittableRandom(seed);
        Map<List<Integer>, Integer> counts = new HashMap<>();
        IntArrayList out = new IntArrayList();
        for (int i = 0; i < samples; i++) {
            out.clear();
            TOKENIZER.encode(text, false, false, alpha, random, out);
            counts.merge(List.copyOf(out), 1, Integer::sum);
        }
        return counts;
    }

    /** The 0.999 quantile of chi-square with {@code dof} degrees of freedom (Wilson–Hilferty). */
    static double chiSquare999(int dof) {
        double z = 3.090232306167813; // standard normal 0.999 quantile
        double h = 2.0 / (9.0 * dof);
        return dof * Math.pow(1 - h + z * Math.sqrt(h), 3);
    }

    @Test
    void wilsonHilfertyMatchesTabulatedQuantiles() {
        // Tabulated chi-square 0.999 quantiles: 10 dof 29.588, 13 dof 34.528, 30 dof 59.703.
        assertEquals(29.588, chiSquare999(10), 0.3);
        assertEquals(34.528, chiSquare999(13), 0.3);
        assertEquals(59.703, chiSquare999(30), 0.3);
    }

    @Test
    void enumerationFindsEverySegmentation() {
        // a|b|a|b|a and the ways to merge neighbours into ab, ba, aba, bab, abab: 14 in all.
        assertEquals(
                14,
                allSegmentations(TEXT.getBytes(StandardCharsets.US_ASCII), 0).size());
    }

    @ParameterizedTest(name = "alpha = {0}")
    @ValueSource(doubles = {0.0, 0.5, 1.0})
    void sampledFrequenciesMatchExactProbabilities(double alpha) {
        List<List<Integer>> segs = allSegmentations(TEXT.getBytes(StandardCharsets.US_ASCII), 0);
        Map<List<Integer>, Double> exact = exactProbabilities(segs, alpha);
        Map<List<Integer>, Integer> observed = sampleCounts(TEXT, alpha, 20240611L + (long) (alpha * 10), SAMPLES);
        assertTrue(exact.keySet().containsAll(observed.keySet()), "only real segmentations are drawn: " + observed);
        double chi2 = 0;
        for (List<Integer> seg : segs) {
            double expected = SAMPLES * exact.get(seg);
            assertTrue(expected >= 5, "the chi-square approximation needs expected counts >= 5");
            double diff = observed.getOrDefault(seg, 0) - expected;
            chi2 += diff * diff / expected;
        }
        double threshold = chiSquare999(segs.size() - 1);
        assertTrue(
                chi2 < threshold,
                "chi-square " + chi2 + " >= " + threshold + " at alpha " + alpha + "; observed " + observed
                        + ", expected " + exact);
    }

    /** alpha = 0 ignores the counts: each of the 14 segmentations is drawn about 1/14 of the time. */
    @Test
    void alphaZeroIsUniform() {
        List<List<Integer>> segs = allSegmentations(TEXT.getBytes(StandardCharsets.US_ASCII), 0);
        Map<List<Integer>, Integer> observed = sampleCounts(TEXT, 0.0, 7L, SAMPLES);
        assertEquals(segs.size(), observed.size(), "every segmentation is drawn");
        double expected = (double) SAMPLES / segs.size();
        for (List<Integer> seg : segs) {
            // 5 standard deviations of a binomial(200000, 1/14) is about 575.
            assertEquals(expected, observed.getOrDefault(seg, 0), 600, "segmentation " + seg);
        }
    }

    /** Large alpha concentrates all mass on the Viterbi segmentation. */
    @Test
    void largeAlphaGivesTheViterbiSegmentation() {
        List<Integer> viterbi = List.copyOf(IntArrayList.wrap(TOKENIZER.encode(TEXT)));
        List<List<Integer>> segs = allSegmentations(TEXT.getBytes(StandardCharsets.US_ASCII), 0);
        assertTrue(exactProbabilities(segs, 50).get(viterbi) > 0.9999, "the test's own premise");
        Map<List<Integer>, Integer> observed = sampleCounts(TEXT, 50, 99L, 20_000);
        assertTrue(observed.getOrDefault(viterbi, 0) >= 19_990, "Viterbi result " + viterbi + " in " + observed);
        // On a longer text, with several chunks, too.
        String longer = "abababab\nbabab\n\nababa";
        List<Integer> best = List.copyOf(IntArrayList.wrap(TOKENIZER.encode(longer)));
        Map<List<Integer>, Integer> many = sampleCounts(longer, 50, 5L, 2_000);
        assertTrue(many.getOrDefault(best, 0) >= 1_990, "Viterbi result " + best + " in " + many);
    }

    private static int[] sample(String text, SplittableRandom random) {
        IntArrayList out = new IntArrayList();
        TOKENIZER.encode(text, true, true, 0.5, random, out);
        return out.toIntArray();
    }

    /** A record's sample depends only on (seed, record key): reruns agree, other keys differ. */
    @Test
    void sameSeedAndKeyGiveTheSameIds() {
        String text = "abababababbababaababababbabababaabab\nbababab";
        Set<List<Integer>> distinct = new HashSet<>();
        for (long record = 0; record < 100; record++) {
            int[] first = sample(text, Seeds.forRecord(42L, record));
            int[] again = sample(text, Seeds.forRecord(42L, record));
            assertArrayEquals(first, again, "record " + record);
            assertEquals(text, TOKENIZER.decode(first), "a sample still spells the text");
            distinct.add(List.copyOf(IntArrayList.wrap(first)));
        }
        assertTrue(distinct.size() >= 90, "different records draw different samples: " + distinct.size());
        assertArrayEquals(sample(text, Seeds.forRecord(42L, "doc-17")), sample(text, Seeds.forRecord(42L, "doc-17")));
        assertFalse(
                java.util.Arrays.equals(
                        sample(text, Seeds.forRecord(42L, "doc-17")), sample(text, Seeds.forRecord(43L, "doc-17"))),
                "another seed draws another sample");
        assertFalse(
                java.util.Arrays.equals(
                        sample(text, Seeds.forRecord(42L, "doc-17")), sample(text, Seeds.forRecord(42L, "doc-18"))),
                "another key draws another sample");
    }
}
