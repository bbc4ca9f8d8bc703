package dev.piecemill.metrics;

import dev.piecemill.util.Seeds;
import it.unimi.dsi.fastutil.longs.LongArrays;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;

/**
 * Distinct n-grams of one length with their counts, as three parallel arrays sorted by key: an
 * n-gram of up to four tokens packed into two longs ({@code hi}: tokens 1 and 2, {@code lo}:
 * tokens 3 and 4, 32 bits each, absent ones 0; a table holds one n, which tells them apart). What
 * a distributed count of a corpus's n-grams moves and merges: no object per n-gram, and sums,
 * distinct counts and overlaps that are plain integers, so any split of the corpus gives the
 * same figures.
 */
public final class PackedNgramTable implements Serializable {
    private static final long serialVersionUID = 1L;
    public static final int MAX_N = 4;
    public static final PackedNgramTable EMPTY = new PackedNgramTable(new long[0], new long[0], new long[0]);

    private final long[] hi;
    private final long[] lo;
    private final long[] counts;

    private PackedNgramTable(long[] hi, long[] lo, long[] counts) {
        this.hi = hi;
        this.lo = lo;
        this.counts = counts;
    }

    /** {@code tokens[from .. from + n)}'s high long (tokens 1 and 2). */
    public static long packHi(int[] tokens, int from, int n) {
        return pair(tokens, from, from + n);
    }

    /** {@code tokens[from .. from + n)}'s low long (tokens 3 and 4). */
    public static long packLo(int[] tokens, int from, int n) {
        return pair(tokens, from + 2, from + n);
    }

    /** The first token of an n-gram whose high long is {@code hi}. */
    public static int firstToken(long hi) {
        return (int) (hi >>> 32);
    }

    private static long pair(int[] tokens, int at, int end) {
        long first = at < end ? tokens[at] & 0xFFFF_FFFFL : 0;
        long second = at + 1 < end ? tokens[at + 1] & 0xFFFF_FFFFL : 0;
        return first << 32 | second;
    }

    /**
     * The table of the first {@code size} keys of the arrays, each one occurrence, in any order and
     * repeated or not: sorted, equal keys counted. Sorts those entries in place.
     */
    public static PackedNgramTable ofOccurrences(long[] hi, long[] lo, int size) {
        if (size == 0) {
            return EMPTY;
        }
        LongArrays.radixSort(hi, lo, 0, size);
        return ofSortedOccurrences(hi, lo, size);
    }

    /** {@link #ofOccurrences} of keys already sorted. */
    static PackedNgramTable ofSortedOccurrences(long[] hi, long[] lo, int size) {
        if (size == 0) {
            return EMPTY;
        }
        int distinct = 0;
        for (int i = 1; i <= size; i++) {
            if (i == size || hi[i] != hi[i - 1] || lo[i] != lo[i - 1]) {
                distinct++;
            }
        }
        long[] h = new long[distinct];
        long[] l = new long[distinct];
        long[] c = new long[distinct];
        int at = -1;
        for (int i = 0; i < size; i++) {
            if (i == 0 || hi[i] != hi[i - 1] || lo[i] != lo[i - 1]) {
                at++;
                h[at] = hi[i];
                l[at] = lo[i];
            }
            c[at]++;
        }
        return new PackedNgramTable(h, l, c);
    }

    /** The table of keys already sorted (in {@link #compare}'s order) and distinct, with their counts. */
    static PackedNgramTable ofSorted(long[] hi, long[] lo, long[] counts) {
        return hi.length == 0 ? EMPTY : new PackedNgramTable(hi, lo, counts);
    }

    /** The tables' sum: every key once, with the sum of its counts (merged two at a time, smallest first). */
    public static PackedNgramTable sum(List<PackedNgramTable> tables) {
        java.util.PriorityQueue<PackedNgramTable> queue =
                new java.util.PriorityQueue<>(java.util.Comparator.comparingInt(PackedNgramTable::distinct));
        queue.addAll(tables);
        if (queue.isEmpty()) {
            return EMPTY;
        }
        while (queue.size() > 1) {
            queue.add(queue.poll().plus(queue.poll()));
        }
        return queue.poll();
    }

    /** This table and {@code other} merged: one pass over both sorted key lists. */
    public PackedNgramTable plus(PackedNgramTable other) {
        if (other.distinct() == 0) {
            return this;
        }
        if (distinct() == 0) {
            return other;
        }
        int size = distinct() + other.distinct();
        long[] h = new long[size];
        long[] l = new long[size];
        long[] c = new long[size];
        int i = 0;
        int j = 0;
        int at = 0;
        while (i < distinct() || j < other.distinct()) {
            int order =
                    i == distinct() ? 1 : j == other.distinct() ? -1 : compare(hi[i], lo[i], other.hi[j], other.lo[j]);
            if (order <= 0) {
                h[at] = hi[i];
                l[at] = lo[i];
                c[at] = counts[i++];
                if (order == 0) {
                    c[at] += other.counts[j++];
                }
            } else {
                h[at] = other.hi[j];
                l[at] = other.lo[j];
                c[at] = other.counts[j++];
            }
            at++;
        }
        return at == size
                ? new PackedNgramTable(h, l, c)
                : new PackedNgramTable(Arrays.copyOf(h, at), Arrays.copyOf(l, at), Arrays.copyOf(c, at));
    }

    /**
     * The first {@code m} tokens of this table's n-grams (n &gt; m), each with the sum of the
     * counts of the n-grams it begins: keys stay in order when the later tokens are zeroed, so
     * equal prefixes are neighbours and one pass sums them.
     */
    public PackedNgramTable prefixes(int m) {
        if (m < 1 || m >= MAX_N) {
            throw new IllegalArgumentException("prefix length must be 1.." + (MAX_N - 1) + ", got " + m);
        }
        long hiMask = m >= 2 ? -1L : 0xFFFF_FFFF_0000_0000L;
        long loMask = m == 3 ? 0xFFFF_FFFF_0000_0000L : 0L;
        int distinct = 0;
        for (int i = 0; i < distinct(); i++) {
            if (i == 0 || (hi[i] & hiMask) != (hi[i - 1] & hiMask) || (lo[i] & loMask) != (lo[i - 1] & loMask)) {
                distinct++;
            }
        }
        long[] h = new long[distinct];
        long[] l = new long[distinct];
        long[] c = new long[distinct];
        int at = -1;
        for (int i = 0; i < distinct(); i++) {
            if (i == 0 || (hi[i] & hiMask) != (hi[i - 1] & hiMask) || (lo[i] & loMask) != (lo[i - 1] & loMask)) {
                at++;
                h[at] = hi[i] & hiMask;
                l[at] = lo[i] & loMask;
            }
            c[at] += counts[i];
        }
        return ofSorted(h, l, c);
    }

    /** Which of {@code buckets} a key belongs to: a hash, so buckets share the work evenly. */
    public static int bucket(long hi, long lo, int buckets) {
        return (int) Long.remainderUnsigned(Seeds.mix64(hi * 0x9E3779B97F4A7C15L + lo), buckets);
    }

    /** This table cut into {@code buckets} tables by {@link #bucket}, each still sorted. */
    public PackedNgramTable[] split(int buckets) {
        int[] sizes = new int[buckets];
        int[] bucketOf = new int[distinct()];
        for (int i = 0; i < distinct(); i++) {
            bucketOf[i] = bucket(hi[i], lo[i], buckets);
            sizes[bucketOf[i]]++;
        }
        long[][][] parts = new long[buckets][][];
        for (int b = 0; b < buckets; b++) {
            parts[b] = new long[][] {new long[sizes[b]], new long[sizes[b]], new long[sizes[b]]};
        }
        int[] filled = new int[buckets];
        for (int i = 0; i < distinct(); i++) {
            long[][] part = parts[bucketOf[i]];
            int at = filled[bucketOf[i]]++;
            part[0][at] = hi[i];
            part[1][at] = lo[i];
            part[2][at] = counts[i];
        }
        PackedNgramTable[] tables = new PackedNgramTable[buckets];
        for (int b = 0; b < buckets; b++) {
            tables[b] = sizes[b] == 0 ? EMPTY : new PackedNgramTable(parts[b][0], parts[b][1], parts[b][2]);
        }
        return tables;
    }

    public int distinct() {
        return hi.length;
    }

    /** The occurrences: the sum of the counts. */
    public long total() {
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        return total;
    }

    public long hiAt(int i) {
        return hi[i];
    }

    public long loAt(int i) {
        return lo[i];
    }

    public long countAt(int i) {
        return counts[i];
    }

    /**
     * The counts behind {@link NgramOverlap.Scores} against {@code reference}: this table's
     * occurrences of n-grams the reference holds, how many of the reference's distinct n-grams
     * this table holds, and the reference's occurrences of them. One merge of the sorted keys.
     */
    public long[] overlapWith(PackedNgramTable reference) {
        long matched = 0;
        long produced = 0;
        long producedMass = 0;
        int i = 0;
        int j = 0;
        while (i < distinct() && j < reference.distinct()) {
            int order = compare(hi[i], lo[i], reference.hi[j], reference.lo[j]);
            if (order < 0) {
                i++;
            } else if (order > 0) {
                j++;
            } else {
                matched += counts[i++];
                produced++;
                producedMass += reference.counts[j++];
            }
        }
        return new long[] {matched, produced, producedMass};
    }

    /** The order of {@link LongArrays#radixSort(long[], long[])}: signed, high long first. */
    private static int compare(long hi1, long lo1, long hi2, long lo2) {
        int byHi = Long.compare(hi1, hi2);
        return byHi != 0 ? byHi : Long.compare(lo1, lo2);
    }
}
