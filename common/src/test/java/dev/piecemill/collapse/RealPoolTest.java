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
        PoolWindows windows = new PoolWindows(10, 4);
        assertEquals(0, windows.from(0));
        assertEquals(10, windows.to(0));
        assertEquals(14, windows.from(2));
        assertEquals(18, windows.to(2));
        assertEquals(22, windows.required(3));
        assertEquals(0, windows.windowOf(9));
        assertEquals(1, windows.windowOf(10));
        assertEquals(2, windows.windowOf(17));
        // A document at [8, 15) gives 2 units to generation 0, 4 to generation 1, 1 to generation 2.
        assertArrayEquals(new long[] {0, 2}, windows.piece(8, 7, 0));
        assertArrayEquals(new long[] {2, 6}, windows.piece(8, 7, 1));
        assertArrayEquals(new long[] {6, 7}, windows.piece(8, 7, 2));
        assertNull(windows.piece(8, 7, 3));
        assertEquals(Integer.MAX_VALUE, new PoolWindows(10, 0).windowOf(10), "no fresh data after generation 0");
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
        assertEquals(List.of("[8, 9]", "[10, 11]", "[6, 7]", "[3, 4]", "[5]"),
                stream.stream().map(java.util.Arrays::toString).toList());
        TokenCorpus middle = pool.range(1, 6);
        assertEquals(5, middle.tokenCount());
        assertEquals(List.of("[9, 10, 11]", "[6, 7]"), middle.documents().stream().map(java.util.Arrays::toString).toList());
        assertThrows(IllegalStateException.class, () -> pool.range(5, 10));
    }
}
