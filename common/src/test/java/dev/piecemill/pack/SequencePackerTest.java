package dev.piecemill.pack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The packer's arithmetic: rows of exactly N, documents across rows, the tail; and the framing of runs. */
class SequencePackerTest {
    @Test
    void documentsFillRowsInOrderAndTheRestIsTheTail() {
        SequencePacker packer = new SequencePacker(4);
        assertEquals(List.of(), packer.add("a", new int[] {3, 4, 2}));
        List<PackedSequence> rows = packer.add("b", new int[] {5, 6, 7, 8, 9, 2});
        assertEquals(2, rows.size(), "b completes the first row and fills the second");
        assertArrayEquals(new int[] {3, 4, 2, 5}, rows.get(0).ids());
        assertEquals(List.of("a", "b"), rows.get(0).docIds());
        assertArrayEquals(new int[] {6, 7, 8, 9}, rows.get(1).ids());
        assertEquals(List.of("b"), rows.get(1).docIds());
        assertEquals(List.of(0L, 1L), rows.stream().map(PackedSequence::index).toList());
        assertEquals(List.of(), packer.add("c", new int[] {10, 2}));
        assertArrayEquals(new int[] {2, 10, 2}, packer.tail().ids());
        assertEquals(List.of("b", "c"), packer.tail().docIds(), "b's <eos> is in the tail");
        assertEquals(2, packer.sequences());
    }

    @Test
    void aDocumentEndingARowIsNotListedInTheNext() {
        SequencePacker packer = new SequencePacker(3);
        assertEquals(List.of("a"), packer.add("a", new int[] {3, 4, 2}).get(0).docIds());
        packer.add("b", new int[] {5, 2});
        assertEquals(List.of("b"), packer.tail().docIds());
        assertEquals(2, packer.tail().ids().length);
    }

    @Test
    void anExactFitLeavesAnEmptyTail() {
        SequencePacker packer = new SequencePacker(2);
        packer.add("a", new int[] {3, 2});
        packer.add("b", new int[] {4, 5, 6, 2});
        assertEquals(3, packer.sequences());
        assertEquals(0, packer.tail().ids().length);
        assertEquals(List.of(), packer.tail().docIds());
    }

    /** Random streams: the rows and the tail are the stream cut at multiples of N, each row naming the documents it cuts into. */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 7, 64, 1000})
    void rowsAndTailAreTheStreamCutEveryNTokens(int length) {
        SplittableRandom random = new SplittableRandom(length);
        List<int[]> runs = new ArrayList<>();
        List<Integer> tokens = new ArrayList<>();
        List<String> owner = new ArrayList<>();
        SequencePacker packer = new SequencePacker(length);
        List<PackedSequence> rows = new ArrayList<>();
        for (int d = 0; d < 300; d++) {
            int[] run = random.ints(random.nextInt(d % 10 == 0 ? 3 * length + 2 : 40), 3, 50_000)
                    .toArray();
            runs.add(run);
            for (int id : run) {
                tokens.add(id);
                owner.add("doc-" + d);
            }
            rows.addAll(packer.add("doc-" + d, run));
        }
        assertEquals(tokens.size() / length, rows.size());
        assertEquals(rows.size(), packer.sequences());
        for (int r = 0; r < rows.size(); r++) {
            PackedSequence row = rows.get(r);
            assertEquals(r, row.index());
            assertEquals(length, row.ids().length);
            int from = r * length;
            assertArrayEquals(
                    tokens.subList(from, from + length).stream()
                            .mapToInt(Integer::intValue)
                            .toArray(),
                    row.ids(),
                    "row " + r);
            assertEquals(owners(owner, from, from + length), row.docIds(), "row " + r);
        }
        int tailFrom = rows.size() * length;
        PackTail tail = packer.tail();
        assertEquals(tokens.size() - tailFrom, tail.ids().length);
        assertTrue(tail.ids().length < length);
        assertArrayEquals(
                tokens.subList(tailFrom, tokens.size()).stream()
                        .mapToInt(Integer::intValue)
                        .toArray(),
                tail.ids());
        assertEquals(owners(owner, tailFrom, tokens.size()), tail.docIds());
    }

    /** The distinct consecutive owners of tokens [from, to): the documents with a token there. */
    private static List<String> owners(List<String> owner, int from, int to) {
        List<String> docs = new ArrayList<>();
        IntStream.range(from, to).mapToObj(owner::get).forEach(d -> {
            if (docs.isEmpty() || !docs.get(docs.size() - 1).equals(d)) {
                docs.add(d);
            }
        });
        return docs;
    }

    @Test
    void aLengthBelowOneIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new SequencePacker(0));
        assertThrows(IllegalArgumentException.class, () -> new SequencePacker(-3));
    }

    @Test
    void everyRunHasOneEosAndABosOnlyWhenAsked() {
        int[] pieces = {7, 8, 9};
        assertArrayEquals(new int[] {7, 8, 9, 2}, new PackFraming(false, false).run("d", pieces));
        assertArrayEquals(new int[] {1, 7, 8, 9, 2}, new PackFraming(true, false).run("d", new int[] {1, 7, 8, 9}));
        int[] withEos = {7, 8, 9, 2};
        assertSame(withEos, new PackFraming(false, true).run("d", withEos), "already framed: not copied");
        int[] both = {1, 7, 8, 9, 2};
        assertSame(both, new PackFraming(true, true).run("d", both));
        assertArrayEquals(new int[] {2}, new PackFraming(false, false).run("empty", new int[0]));
        assertArrayEquals(new int[] {1, 2}, new PackFraming(true, true).run("empty", new int[] {1, 2}));
        assertEquals(1, new PackFraming(false, true).separatorsPerDocument());
        assertEquals(2, new PackFraming(true, false).separatorsPerDocument());
    }

    @Test
    void storedIdsThatDisagreeWithTheFramingAreRefusedNotDoubled() {
        assertThrows(
                IllegalStateException.class,
                () -> new PackFraming(false, false).run("d", new int[] {7, 2}),
                "an <eos> where none was stored would be doubled");
        assertThrows(IllegalStateException.class, () -> new PackFraming(false, false).run("d", new int[] {1, 7}));
        assertThrows(IllegalStateException.class, () -> new PackFraming(true, false).run("d", new int[] {7}));
        IllegalStateException e = assertThrows(
                IllegalStateException.class, () -> new PackFraming(true, true).run("doc-9", new int[] {1, 7}));
        assertTrue(e.getMessage().contains("doc-9") && e.getMessage().contains("<bos> pieces <eos>"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> new PackFraming(false, true).run("d", new int[0]));
    }
}
