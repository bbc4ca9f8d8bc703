package dev.piecemill.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LengthHistogramTest {
    @Test
    void binsArePowersOfTwoAndHoldEveryLength() {
        LengthHistogram h = new LengthHistogram();
        for (long length : new long[] {0, 1, 2, 3, 4, 7, 8, 1000, 1023, 1024}) {
            h.add(length);
        }
        List<LengthHistogram.Bin> bins = h.bins();
        assertEquals(new LengthHistogram.Bin(0, 0, 1), bins.get(0));
        assertEquals(new LengthHistogram.Bin(1, 1, 1), bins.get(1));
        assertEquals(new LengthHistogram.Bin(2, 3, 2), bins.get(2));
        assertEquals(new LengthHistogram.Bin(4, 7, 2), bins.get(3));
        assertEquals(new LengthHistogram.Bin(8, 15, 1), bins.get(4));
        assertEquals(new LengthHistogram.Bin(512, 1023, 2), bins.get(bins.size() - 2));
        assertEquals(new LengthHistogram.Bin(1024, 2047, 1), bins.get(bins.size() - 1));
        assertEquals(0, bins.get(5).count(), "empty bins between the first and the last are listed");
        assertEquals(10, h.total());
        assertThrows(IllegalArgumentException.class, () -> h.add(-1));
        LengthHistogram top = new LengthHistogram();
        top.add(Long.MAX_VALUE);
        assertEquals(Long.MAX_VALUE, top.bins().get(0).to());
    }

    @Test
    void mergingPartsEqualsCountingTheWhole() {
        SplittableRandom random = new SplittableRandom(3);
        LengthHistogram whole = new LengthHistogram();
        LengthHistogram[] parts = {new LengthHistogram(), new LengthHistogram(), new LengthHistogram()};
        for (int i = 0; i < 10_000; i++) {
            long length = random.nextLong(1 << random.nextInt(1, 30));
            whole.add(length);
            parts[random.nextInt(parts.length)].add(length);
        }
        LengthHistogram merged = new LengthHistogram();
        for (LengthHistogram part : parts) {
            merged.merge(part);
        }
        assertEquals(whole.bins(), merged.bins());
        assertTrue(whole.bins().size() > 20);
        LengthHistogram copy = merged.copy();
        merged.reset();
        assertTrue(merged.isEmpty() && copy.total() == 10_000, "a copy is independent of its source");
    }
}
