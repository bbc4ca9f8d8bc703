package dev.piecemill.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Packed n-gram tables against counts kept as plain lists of tokens. */
class PackedNgramTableTest {
    /** Ids at the edges of the packing: 0 (also what absent tokens pack to) and the largest int. */
    private static final int[] VOCABULARY = {0, 1, 2, 3, 7, 65_535, 65_536, Integer.MAX_VALUE};
    /** Ids that fit the counter's one-long keys (16 bits per token), the sign bit's edges among them. */
    private static final int[] NARROW_VOCABULARY = {0, 1, 2, 7, 32_767, 32_768, 65_535};

    private static List<int[]> documents(long seed, int count) {
        return documents(seed, count, VOCABULARY);
    }

    private static List<int[]> documents(long seed, int count, int[] vocabulary) {
        SplittableRandom random = new SplittableRandom(seed);
        List<int[]> documents = new ArrayList<>();
        for (int d = 0; d < count; d++) {
            int[] document = new int[random.nextInt(12)];
            for (int i = 0; i < document.length; i++) {
                // skewed, so that n-grams repeat
                document[i] =
                        vocabulary[Math.min(random.nextInt(vocabulary.length), random.nextInt(vocabulary.length))];
            }
            documents.add(document);
        }
        return documents;
    }

    /** The n-grams inside the documents, each as its token list, with counts. */
    private static Map<List<Integer>, Long> naive(List<int[]> documents, int n) {
        Map<List<Integer>, Long> counts = new TreeMap<>(PackedNgramTableTest::compareLists);
        for (int[] d : documents) {
            for (int start = 0; start + n <= d.length; start++) {
                counts.merge(Arrays.stream(d, start, start + n).boxed().toList(), 1L, Long::sum);
            }
        }
        return counts;
    }

    private static int compareLists(List<Integer> a, List<Integer> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = Integer.compare(a.get(i), b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }

    private static PackedNgramTable counted(List<int[]> documents, int n, int buffer) {
        PackedNgramCounter counter = new PackedNgramCounter(n, buffer);
        documents.forEach(counter::addWithin);
        return counter.table();
    }

    /** The table's n-grams in key order, unpacked, with counts. */
    private static Map<List<Integer>, Long> unpacked(PackedNgramTable table, int n) {
        Map<List<Integer>, Long> counts = new TreeMap<>(PackedNgramTableTest::compareLists);
        for (int i = 0; i < table.distinct(); i++) {
            long[] halves = {table.hiAt(i), table.loAt(i)};
            List<Integer> ngram = new ArrayList<>();
            for (int k = 0; k < n; k++) {
                long half = halves[k / 2];
                ngram.add((int) (k % 2 == 0 ? half >>> 32 : half));
            }
            counts.put(ngram, table.countAt(i));
        }
        return counts;
    }

    /**
     * Wide ids (two longs per key), ids that fit one long, and one-long keys switched to two by a
     * large id midway, with buffers that merge often or never.
     */
    @Test
    void theCounterCountsEveryNgramInsideDocumentsWhateverItsBufferAndKeyWidth() {
        List<int[]> switching = new ArrayList<>(documents(7, 300, NARROW_VOCABULARY));
        switching.add(150, new int[] {1, 65_536, 2, 7, 65_536}); // ids too large for 16 bits
        for (List<int[]> documents : List.of(documents(1, 300), documents(7, 300, NARROW_VOCABULARY), switching)) {
            for (int n = 1; n <= PackedNgramTable.MAX_N; n++) {
                Map<List<Integer>, Long> expected = naive(documents, n);
                for (int buffer : new int[] {1, 7, 1 << 18}) {
                    PackedNgramTable table = counted(documents, n, buffer);
                    assertEquals(expected, unpacked(table, n), "n = " + n + ", buffer " + buffer);
                    assertEquals(expected.size(), table.distinct());
                    assertEquals(
                            expected.values().stream()
                                    .mapToLong(Long::longValue)
                                    .sum(),
                            table.total());
                    assertStrictlyIncreasing(table, "n = " + n + ", buffer " + buffer);
                }
            }
        }
    }

    @Test
    void everyLengthCountedFromTheLongestIsEveryLengthCountedAlone() {
        List<int[]> switching = new ArrayList<>(documents(8, 300, NARROW_VOCABULARY));
        switching.add(100, new int[] {65_536, 3});
        for (List<int[]> documents : List.of(documents(9, 400), documents(10, 400, NARROW_VOCABULARY), switching)) {
            PackedNgramCounters counters = new PackedNgramCounters();
            documents.forEach(counters::addWithin);
            PackedNgramTable[] tables = counters.tables();
            for (int n = 1; n <= PackedNgramTable.MAX_N; n++) {
                assertEquals(naive(documents, n), unpacked(tables[n - 1], n), "n = " + n);
                assertEquals(counted(documents, n, 1 << 18).distinct(), tables[n - 1].distinct());
            }
        }
    }

    @Test
    void prefixesSumTheCountsOfTheNgramsTheyBegin() {
        List<int[]> documents = documents(11, 300);
        PackedNgramTable fourGrams = counted(documents, 4, 1 << 18);
        for (int m = 1; m < PackedNgramTable.MAX_N; m++) {
            Map<List<Integer>, Long> expected = new TreeMap<>(PackedNgramTableTest::compareLists);
            for (Map.Entry<List<Integer>, Long> e : naive(documents, 4).entrySet()) {
                expected.merge(e.getKey().subList(0, m), e.getValue(), Long::sum);
            }
            assertEquals(expected, unpacked(fourGrams.prefixes(m), m), "m = " + m);
        }
    }

    @Test
    void keysAreStrictlyIncreasingInTheMergeOrder() {
        assertStrictlyIncreasing(counted(documents(2, 300), 4, 5), "4-grams");
    }

    private static void assertStrictlyIncreasing(PackedNgramTable table, String what) {
        for (int i = 1; i < table.distinct(); i++) {
            boolean increasing = table.hiAt(i - 1) < table.hiAt(i)
                    || table.hiAt(i - 1) == table.hiAt(i) && table.loAt(i - 1) < table.loAt(i);
            assertTrue(increasing, what + ", entry " + i);
        }
    }

    @Test
    void theSumOfPartsIsTheCountOfTheWhole() {
        List<int[]> documents = documents(3, 400);
        List<PackedNgramTable> parts = new ArrayList<>();
        for (int from = 0; from < documents.size(); from += 37) {
            parts.add(counted(documents.subList(from, Math.min(documents.size(), from + 37)), 3, 11));
        }
        PackedNgramTable whole = counted(documents, 3, 1 << 18);
        assertEquals(unpacked(whole, 3), unpacked(PackedNgramTable.sum(parts), 3));
    }

    @Test
    void bucketsSplitTheTableIntoDisjointSortedParts() {
        PackedNgramTable table = counted(documents(4, 300), 2, 1 << 18);
        PackedNgramTable[] buckets = table.split(5);
        assertEquals(
                table.distinct(),
                Arrays.stream(buckets).mapToInt(PackedNgramTable::distinct).sum());
        for (int b = 0; b < buckets.length; b++) {
            for (int i = 0; i < buckets[b].distinct(); i++) {
                assertEquals(b, PackedNgramTable.bucket(buckets[b].hiAt(i), buckets[b].loAt(i), 5));
            }
        }
        assertEquals(unpacked(table, 2), unpacked(PackedNgramTable.sum(Arrays.asList(buckets)), 2));
    }

    @Test
    void theOverlapSumsAreThoseOfTheSharedNgrams() {
        List<int[]> generated = documents(5, 200);
        List<int[]> real = documents(6, 200);
        Map<List<Integer>, Long> mine = naive(generated, 4);
        Map<List<Integer>, Long> theirs = naive(real, 4);
        long matched = 0;
        long produced = 0;
        long producedMass = 0;
        for (Map.Entry<List<Integer>, Long> e : mine.entrySet()) {
            if (theirs.containsKey(e.getKey())) {
                matched += e.getValue();
                produced++;
                producedMass += theirs.get(e.getKey());
            }
        }
        assertTrue(produced > 0 && produced < theirs.size(), "the corpora share some 4-grams, not all");
        assertArrayEquals(
                new long[] {matched, produced, producedMass},
                counted(generated, 4, 9).overlapWith(counted(real, 4, 1 << 18)));
    }
}
