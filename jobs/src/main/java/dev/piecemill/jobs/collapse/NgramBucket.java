package dev.piecemill.jobs.collapse;

import dev.piecemill.lm.LogLoss;
import dev.piecemill.metrics.PackedNgramTable;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import scala.Tuple2;

/**
 * One bucket of a corpus's n-gram counts (the n-grams whose key hashes to it, {@link
 * PackedNgramTable#bucket}), per replicate, summed over every task's share: what a partition of
 * {@link CorpusStatistics} keeps. Only the tables asked for are kept (the overlap n's, or every n
 * when later documents will be added); the counts of the others are in {@link #counts}.
 */
final class NgramBucket implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final int MAX_N = PackedNgramTable.MAX_N;

    /**
     * A task's share of one replicate's counts for one n and bucket; n = 0 carries the task's
     * documents and their loss instead.
     */
    record Chunk(int replicate, int n, PackedNgramTable table, long documents, LogLoss loss) implements Serializable {
        static Chunk of(int replicate, int n, PackedNgramTable table) {
            return new Chunk(replicate, n, table, 0, LogLoss.ZERO);
        }

        static Chunk documents(int replicate, long documents, LogLoss loss) {
            return new Chunk(replicate, 0, PackedNgramTable.EMPTY, documents, loss);
        }
    }

    /** A replicate's documents and their loss: what bucket 0 carries besides n-grams. */
    private record Documents(long count, LogLoss loss) {
        static final Documents NONE = new Documents(0, LogLoss.ZERO);

        static Documents of(ReplicateCounts counts) {
            return new Documents(counts.documents(), counts.loss());
        }

        Documents plus(Documents other) {
            return new Documents(count + other.count, loss.plus(other.loss));
        }
    }

    /** Per replicate, the kept tables by n - 1 (null where not kept). */
    private final Map<Integer, PackedNgramTable[]> tables;

    private final Map<Integer, ReplicateCounts> counts;

    private NgramBucket(Map<Integer, PackedNgramTable[]> tables, Map<Integer, ReplicateCounts> counts) {
        this.tables = tables;
        this.counts = counts;
    }

    /** The bucket made of every task's chunks for it; keeps the table of n where {@code keep[n - 1]}. */
    static NgramBucket of(Iterator<Tuple2<Integer, Chunk>> chunks, boolean[] keep) {
        Map<Integer, List<List<PackedNgramTable>>> byReplicate = new TreeMap<>();
        Map<Integer, Documents> documents = new HashMap<>();
        while (chunks.hasNext()) {
            Chunk c = chunks.next()._2();
            if (c.n() == 0) {
                documents.merge(c.replicate(), new Documents(c.documents(), c.loss()), Documents::plus);
                continue;
            }
            List<List<PackedNgramTable>> byN = byReplicate.computeIfAbsent(c.replicate(), r -> {
                List<List<PackedNgramTable>> lists = new ArrayList<>();
                for (int n = 1; n <= MAX_N; n++) {
                    lists.add(new ArrayList<>());
                }
                return lists;
            });
            byN.get(c.n() - 1).add(c.table());
        }
        Map<Integer, PackedNgramTable[]> summed = new HashMap<>();
        byReplicate.forEach((r, byN) -> {
            PackedNgramTable[] t = new PackedNgramTable[MAX_N];
            for (int n = 1; n <= MAX_N; n++) {
                List<PackedNgramTable> parts = byN.get(n - 1);
                t[n - 1] = parts.isEmpty() ? PackedNgramTable.EMPTY : PackedNgramTable.sum(parts);
            }
            summed.put(r, t);
        });
        documents.keySet().forEach(r -> summed.putIfAbsent(r, emptyTables()));
        return kept(summed, documents, keep);
    }

    private static PackedNgramTable[] emptyTables() {
        PackedNgramTable[] t = new PackedNgramTable[MAX_N];
        java.util.Arrays.fill(t, PackedNgramTable.EMPTY);
        return t;
    }

    /** The counts of every table, then only the kept tables. */
    private static NgramBucket kept(
            Map<Integer, PackedNgramTable[]> all, Map<Integer, Documents> documents, boolean[] keep) {
        Map<Integer, ReplicateCounts> counts = new HashMap<>();
        Map<Integer, PackedNgramTable[]> tables = new HashMap<>();
        all.forEach((r, t) -> {
            long[] distinct = new long[MAX_N];
            long[] occurrences = new long[MAX_N];
            PackedNgramTable[] kept = new PackedNgramTable[MAX_N];
            for (int n = 1; n <= MAX_N; n++) {
                distinct[n - 1] = t[n - 1].distinct();
                occurrences[n - 1] = t[n - 1].total();
                kept[n - 1] = keep[n - 1] ? t[n - 1] : null;
            }
            Documents d = documents.getOrDefault(r, Documents.NONE);
            counts.put(r, new ReplicateCounts(d.count(), d.loss(), distinct, occurrences, t[0]));
            tables.put(r, kept);
        });
        return new NgramBucket(tables, counts);
    }

    /** Per replicate, this bucket's share of the counts. */
    Map<Integer, ReplicateCounts> counts() {
        return counts;
    }

    /**
     * Per replicate, the {@link PackedNgramTable#overlapWith} sums of its n-grams of length n with
     * the same bucket of {@code reference}: the same replicate's, or the one shared corpus's.
     */
    Map<Integer, long[]> overlapWith(NgramBucket reference, int n) {
        Map<Integer, long[]> sums = new HashMap<>();
        tables.forEach((r, t) -> {
            PackedNgramTable[] theirs = reference.tables.getOrDefault(r, reference.tables.get(CorpusTable.SHARED));
            if (theirs != null) {
                sums.put(r, t[n - 1].overlapWith(theirs[n - 1]));
            }
        });
        return sums;
    }

    /**
     * This bucket with {@code earlier}'s counts added (the same bucket of the corpus this one's
     * documents extend); a shared earlier corpus is added to each of {@code replicates}. Needs
     * every table of both.
     */
    NgramBucket plus(NgramBucket earlier, int replicates, boolean[] keep) {
        Map<Integer, PackedNgramTable[]> all = new HashMap<>();
        Map<Integer, Documents> documents = new HashMap<>();
        Map<Integer, PackedNgramTable[]> before = new HashMap<>(earlier.tables);
        if (before.containsKey(CorpusTable.SHARED)) {
            PackedNgramTable[] shared = before.remove(CorpusTable.SHARED);
            ReplicateCounts sharedCounts = earlier.counts.getOrDefault(CorpusTable.SHARED, ReplicateCounts.NONE);
            for (int r = 0; r < replicates; r++) {
                before.put(r, shared);
                documents.merge(r, Documents.of(sharedCounts), Documents::plus);
            }
        } else {
            earlier.counts.forEach((r, c) -> documents.merge(r, Documents.of(c), Documents::plus));
        }
        counts.forEach((r, c) -> documents.merge(r, Documents.of(c), Documents::plus));
        java.util.Set<Integer> replicateSet = new java.util.TreeSet<>(before.keySet());
        replicateSet.addAll(tables.keySet());
        for (int r : replicateSet) {
            PackedNgramTable[] mine = tables.get(r);
            PackedNgramTable[] theirs = before.get(r);
            PackedNgramTable[] t = new PackedNgramTable[MAX_N];
            for (int n = 1; n <= MAX_N; n++) {
                t[n - 1] = mine == null
                        ? requireKept(theirs[n - 1])
                        : theirs == null
                                ? requireKept(mine[n - 1])
                                : PackedNgramTable.sum(List.of(requireKept(theirs[n - 1]), requireKept(mine[n - 1])));
            }
            all.put(r, t);
        }
        return kept(all, documents, keep);
    }

    private static PackedNgramTable requireKept(PackedNgramTable table) {
        if (table == null) {
            throw new IllegalStateException("adding counts needs every n-gram table kept");
        }
        return table;
    }
}
