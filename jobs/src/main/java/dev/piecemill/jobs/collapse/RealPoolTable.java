package dev.piecemill.jobs.collapse;

import dev.piecemill.collapse.PoolWindows;
import dev.piecemill.collapse.SimulationSeeds;
import dev.piecemill.piece.Tokenizer;
import dev.piecemill.util.Seeds;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * The real pools of a run, distributed: every real training document gets a key per pool
 * ({@link SimulationSeeds}: one pool per replicate for a sampled generation 0 and fresh, one shared pool for
 * augment's fixed set), the documents are sorted by it, and prefix sums over the sorted
 * partitions give each document its start in the pool's stream of units. A generation's real
 * documents are then the pieces that fall in its {@link PoolWindows} window, each document cut by
 * itself with no sequential pass.
 */
final class RealPoolTable implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Sort key: the pool (replicate, or SHARED), the document's key in it, its id for ties. */
    record PoolKey(int pool, long key, String docId) implements Comparable<PoolKey>, Serializable {
        @Override
        public int compareTo(PoolKey o) {
            int c = Integer.compare(pool, o.pool);
            if (c == 0) {
                c = Long.compare(key, o.key);
            }
            return c != 0 ? c : docId.compareTo(o.docId);
        }
    }

    /** A document and where its units start in its pool's stream. */
    record Placed(int pool, long start, long length, CorpusDocument document) implements Serializable {}

    private final JavaRDD<Placed> placed;
    private final Map<Integer, Long> units;
    private final boolean byTokens;

    private RealPoolTable(JavaRDD<Placed> placed, Map<Integer, Long> units, boolean byTokens) {
        this.placed = placed;
        this.units = units;
        this.byTokens = byTokens;
    }

    /**
     * Orders the real documents of each pool: one pool per replicate (a sampled generation 0, or
     * fresh), keyed by {@link SimulationSeeds#freshPoolKey}, or one shared pool for augment's fixed
     * set out of the whole corpus, keyed by {@link SimulationSeeds#fixedRealKey}.
     */
    static RealPoolTable build(JavaRDD<CorpusDocument> real, CollapseOptions options, boolean perReplicate) {
        int replicates = options.recursion().replicates();
        long seed = options.recursion().seed();
        boolean byTokens = options.budget().unit() == CollapseOptions.Unit.TOKENS;
        JavaRDD<Tuple2<PoolKey, CorpusDocument>> keyed = real.flatMap(d -> {
            long documentKey = Seeds.hash64(d.getDocId());
            List<Tuple2<PoolKey, CorpusDocument>> out = new ArrayList<>();
            if (perReplicate) {
                for (int r = 0; r < replicates; r++) {
                    out.add(new Tuple2<>(
                            new PoolKey(r, SimulationSeeds.freshPoolKey(seed, r, documentKey), d.getDocId()), d));
                }
            } else {
                out.add(new Tuple2<>(
                        new PoolKey(CorpusTable.SHARED, SimulationSeeds.fixedRealKey(seed, documentKey), d.getDocId()),
                        d));
            }
            return out.iterator();
        });
        JavaRDD<Tuple2<PoolKey, CorpusDocument>> sorted = org.apache.spark.api.java.JavaPairRDD.fromJavaRDD(keyed)
                .sortByKey()
                .map(t -> t)
                .persist(StorageLevel.MEMORY_AND_DISK());
        // Units per pool in each sorted partition, then each partition's starting offsets.
        List<Map<Integer, Long>> perPartition = new ArrayList<>(sorted.mapPartitions(rows -> {
                    Map<Integer, Long> sums = new HashMap<>();
                    rows.forEachRemaining(t -> sums.merge(t._1().pool(), length(t._2(), byTokens), Long::sum));
                    return List.of(sums).iterator();
                })
                .collect());
        Map<Integer, Long> running = new HashMap<>();
        List<Map<Integer, Long>> starts = new ArrayList<>();
        for (Map<Integer, Long> sums : perPartition) {
            starts.add(new HashMap<>(running));
            sums.forEach((pool, n) -> running.merge(pool, n, Long::sum));
        }
        JavaRDD<Placed> placed = sorted.mapPartitionsWithIndex(
                        (index, rows) -> {
                            Map<Integer, Long> offset = new HashMap<>(starts.get(index));
                            List<Placed> out = new ArrayList<>();
                            rows.forEachRemaining(t -> {
                                long length = length(t._2(), byTokens);
                                long start = offset.getOrDefault(t._1().pool(), 0L);
                                out.add(new Placed(t._1().pool(), start, length, t._2()));
                                offset.put(t._1().pool(), start + length);
                            });
                            return out.iterator();
                        },
                        true)
                .persist(StorageLevel.MEMORY_AND_DISK());
        placed.count();
        sorted.unpersist();
        return new RealPoolTable(placed, running, byTokens);
    }

    /** Units in the smallest pool (all pools hold the same documents). */
    long units() {
        return units.values().stream().mapToLong(Long::longValue).min().orElse(0);
    }

    /**
     * The real documents in pool units {@code [from, to)}, in each replicate's corpus: pieces of the
     * pool's documents (cut ones decoded anew by generation 0's tokenizer); a shared pool's pieces
     * go to every replicate.
     */
    JavaRDD<CorpusDocument> range(long from, long to, int replicates, Broadcast<TokenizerSet> tokenizer0) {
        boolean tokens = byTokens;
        return placed.filter(p -> p.start() < to && p.start() + p.length() > from)
                .flatMap(p -> {
                    long[] piece = PoolWindows.piece(p.start(), p.length(), from, to);
                    CorpusDocument d = p.document();
                    CorpusDocument cut = d;
                    if (tokens && (piece[0] > 0 || piece[1] < p.length())) {
                        int[] ids = Arrays.copyOfRange(d.getIds(), (int) piece[0], (int) piece[1]);
                        Tokenizer t = TokenizerSet.tokenizer(tokenizer0, CorpusTable.SHARED);
                        cut = new CorpusDocument(
                                d.getReplicate(),
                                d.getDocId() + "[" + piece[0] + ":" + piece[1] + "]",
                                CorpusDocument.REAL,
                                t.decode(ids),
                                ids);
                    }
                    List<CorpusDocument> out = new ArrayList<>();
                    if (p.pool() == CorpusTable.SHARED) {
                        for (int r = 0; r < replicates; r++) {
                            out.add(cut.inReplicate(r));
                        }
                    } else {
                        out.add(cut.inReplicate(p.pool()));
                    }
                    return out.iterator();
                });
    }

    /** The documents of window {@code window} (a generation, or {@link PoolWindows#REFERENCE}). */
    JavaRDD<CorpusDocument> window(
            PoolWindows windows, int window, int replicates, Broadcast<TokenizerSet> tokenizer0) {
        return range(windows.from(window), windows.to(window), replicates, tokenizer0);
    }

    private static long length(CorpusDocument d, boolean byTokens) {
        return byTokens ? d.getIds().length : 1;
    }
}
