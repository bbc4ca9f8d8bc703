package dev.piecemill.collapse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.piecemill.lm.TokenCorpus;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RealPoolTest {
    @Test
    void windowsTileThePoolStream() {
        PoolWindows windows = new PoolWindows(5, 10, 4);
        assertEquals(0, windows.from(PoolWindows.REFERENCE));
        assertEquals(5, windows.to(PoolWindows.REFERENCE));
        assertEquals(5, windows.from(0));
        assertEquals(15, windows.to(0));
        assertEquals(19, windows.from(2));
        assertEquals(23, windows.to(2));
        assertEquals(27, windows.required(3));
        // A document at [13, 20) gives 2 units to generation 0, 4 to generation 1, 1 to generation 2.
        assertArrayEquals(new long[] {0, 2}, PoolWindows.piece(13, 7, windows.from(0), windows.to(0)));
        assertArrayEquals(new long[] {2, 6}, PoolWindows.piece(13, 7, windows.from(1), windows.to(1)));
        assertArrayEquals(new long[] {6, 7}, PoolWindows.piece(13, 7, windows.from(2), windows.to(2)));
        assertNull(PoolWindows.piece(13, 7, windows.from(3), windows.to(3)));
        assertNull(PoolWindows.piece(13, 7, windows.from(PoolWindows.REFERENCE), windows.to(PoolWindows.REFERENCE)));
    }

    @Test
    void aSampledGenerationZeroIsTheBudgetAndItsReferenceIsDisjoint() {
        CollapseSettings settings =
                CollapseSettings.defaults().withLoop(Loop.FRESH, 0.25).withSizes(100, 3, 1);
        assertEquals(new PoolWindows(100, 100, 25), PoolWindows.of(settings));
        assertEquals(new PoolWindows(0, 100, 25), PoolWindows.of(settings.withGeneration0(Generation0.CORPUS)));
        assertEquals(new PoolWindows(100, 100, 0), PoolWindows.of(settings.withLoop(Loop.ACCUMULATE, 0)));
        assertNull(PoolWindows.of(settings.withLoop(Loop.ACCUMULATE, 0).withGeneration0(Generation0.CORPUS)));
    }

    @Test
    void rangesCutDocumentsAndCarryTheirRestOn() {
        List<int[]> docs = List.of(new int[] {3, 4, 5}, new int[] {6, 7}, new int[] {8, 9, 10, 11});
        RealPool pool = new RealPool(TokenCorpus.of(docs), position -> -position); // reverse order
        assertEquals(9, pool.tokens());
        List<int[]> stream = new ArrayList<>();
        for (long from = 0; from < 9; from += 2) {
            stream.addAll(pool.range(from, Math.min(9, from + 2)).documents());
        }
        // Pool order is docs 2, 1, 0: 8 9 | 10 11 | 6 7 | 3 4 | 5, every token exactly once.
        assertEquals(
                List.of("[8, 9]", "[10, 11]", "[6, 7]", "[3, 4]", "[5]"),
                stream.stream().map(java.util.Arrays::toString).toList());
        TokenCorpus middle = pool.range(1, 6);
        assertEquals(5, middle.tokenCount());
        assertEquals(
                List.of("[9, 10, 11]", "[6, 7]"),
                middle.documents().stream().map(java.util.Arrays::toString).toList());
        assertThrows(IllegalStateException.class, () -> pool.range(5, 10));
    }
}
