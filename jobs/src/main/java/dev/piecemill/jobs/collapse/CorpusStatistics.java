package dev.piecemill.jobs.collapse;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import dev.piecemill.lm.NgramTally;
import dev.piecemill.metrics.CorpusMetrics;
import dev.piecemill.metrics.DistinctNgrams;
import dev.piecemill.metrics.NgramOverlap;
import dev.piecemill.metrics.TokenFrequencies;
import it.unimi.dsi.fastutil.ints.Int2LongOpenHashMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * The counts behind a corpus's metrics, gathered on the executors per replicate: the n-grams
 * inside documents for n = 1..4 (a tally per task, summed by a shuffle). Only small results reach
 * the driver: the unigram table, per-n totals, and the overlap sums against generation 0.
 */
final class CorpusStatistics {
    private static final int MAX_N = CorpusMetrics.MAX_DISTINCT_N;
    private static final int OVERLAP_N = NgramOverlap.DEFAULT_N;

    /** Per replicate: the unigram distribution, documents, distinct and total n-grams for n = 1..4. */
    record Summary(TokenFrequencies frequencies, long documents, long[] distinct, long[] occurrences) {
        double[] distinctRatios() {
            double[] ratios = new double[MAX_N];
            for (int n = 1; n <= MAX_N; n++) {
                ratios[n - 1] = DistinctNgrams.ratio(distinct[n - 1], occurrences[n - 1]);
            }
            return ratios;
        }

        long overlapOccurrences() {
            return occurrences[OVERLAP_N - 1];
        }

        long overlapDistinct() {
            return distinct[OVERLAP_N - 1];
        }
    }

    /** Below this many distinct overlap n-grams a corpus's side of the overlap join is broadcast, so generation 0's big side is not shuffled. */
    private static final long BROADCAST_NGRAMS = 2_000_000;

    private final Dataset<Row> grams;
    private final Map<Integer, Summary> summaries;

    private CorpusStatistics(Dataset<Row> grams, Map<Integer, Summary> summaries) {
        this.grams = grams;
        this.summaries = summaries;
    }

    /** Counts the corpus (its {@code ids}) per replicate; the n-gram table stays cached until {@link #release}. */
    static CorpusStatistics of(Dataset<CorpusDocument> corpus) {
        Dataset<Row> grams = corpus.mapPartitions(
                        (MapPartitionsFunction<CorpusDocument, PackedNgramCount>)
                                documents -> PackedNgramCount.pack(tally(documents)),
                        Encoders.bean(PackedNgramCount.class))
                .groupBy("replicate", "n", "hi", "lo")
                .agg(sum("count").as("count"))
                .persist(StorageLevel.MEMORY_AND_DISK());
        Map<Integer, Int2LongOpenHashMap> unigrams = new HashMap<>();
        for (Row row : grams.where("n = 1").select("replicate", "hi", "count").collectAsList()) {
            unigrams.computeIfAbsent(row.getInt(0), r -> new Int2LongOpenHashMap())
                    .put(PackedNgramCount.firstToken(row.getLong(1)), row.getLong(2));
        }
        Map<Integer, long[][]> totals = new HashMap<>();
        for (Row row :
                grams.groupBy("replicate", "n").agg(count(lit(1)), sum("count")).collectAsList()) {
            long[][] t = totals.computeIfAbsent(row.getInt(0), r -> new long[2][MAX_N]);
            t[0][row.getInt(1) - 1] = row.getLong(2);
            t[1][row.getInt(1) - 1] = row.getLong(3);
        }
        Map<Integer, Long> documents = new HashMap<>();
        for (Row row : corpus.groupBy("replicate").count().collectAsList()) {
            documents.put(row.getInt(0), row.getLong(1));
        }
        Map<Integer, Summary> summaries = new HashMap<>();
        for (Map.Entry<Integer, Long> e : documents.entrySet()) {
            int r = e.getKey();
            long[][] t = totals.getOrDefault(r, new long[2][MAX_N]);
            summaries.put(
                    r,
                    new Summary(
                            TokenFrequencies.fromCounts(unigrams.getOrDefault(r, new Int2LongOpenHashMap())),
                            e.getValue(),
                            t[0],
                            t[1]));
        }
        return new CorpusStatistics(grams, summaries);
    }

    /** The replicates counted ({@link CorpusTable#SHARED} for a shared corpus). */
    Iterable<Integer> replicates() {
        return summaries.keySet();
    }

    Summary summary(int replicate) {
        return summaries.get(replicate);
    }

    /** The overlap n-grams: replicate, hi, lo (the packed n-gram), count. */
    Dataset<Row> overlapNgrams() {
        return grams.where("n = " + OVERLAP_N).select("replicate", "hi", "lo", "count");
    }

    /**
     * Per replicate of this corpus: the n-gram overlap with {@code reference} (generation 0),
     * whose replicates are either this corpus's or the one shared corpus.
     */
    Map<Integer, NgramOverlap.Scores> overlapWith(CorpusStatistics reference) {
        if (reference == this) { // every n-gram is its own: no join needed
            Map<Integer, NgramOverlap.Scores> scores = new HashMap<>();
            summaries.forEach((r, s) -> scores.put(
                    r,
                    NgramOverlap.Scores.of(
                            s.overlapOccurrences(),
                            s.overlapOccurrences(),
                            s.overlapDistinct(),
                            s.overlapDistinct(),
                            s.overlapOccurrences(),
                            s.overlapOccurrences())));
            return scores;
        }
        boolean shared = reference.summaries.containsKey(CorpusTable.SHARED);
        long distinct =
                summaries.values().stream().mapToLong(Summary::overlapDistinct).sum();
        Dataset<Row> mine = distinct <= BROADCAST_NGRAMS
                ? broadcast(overlapNgrams()).alias("g")
                : overlapNgrams().alias("g");
        Dataset<Row> theirs = reference.overlapNgrams().alias("r");
        Column on = col("g.hi").equalTo(col("r.hi")).and(col("g.lo").equalTo(col("r.lo")));
        if (!shared) {
            on = on.and(col("g.replicate").equalTo(col("r.replicate")));
        }
        Map<Integer, long[]> sums = new HashMap<>();
        for (Row row : mine.join(theirs, on)
                .groupBy(col("g.replicate"))
                .agg(sum("g.count"), count(lit(1)), sum("r.count"))
                .collectAsList()) {
            sums.put(row.getInt(0), new long[] {row.getLong(1), row.getLong(2), row.getLong(3)});
        }
        Map<Integer, NgramOverlap.Scores> scores = new HashMap<>();
        for (int r : summaries.keySet()) {
            Summary real = reference.summary(shared ? CorpusTable.SHARED : r);
            long[] s = sums.getOrDefault(r, new long[3]);
            scores.put(
                    r,
                    NgramOverlap.Scores.of(
                            s[0],
                            summary(r).overlapOccurrences(),
                            s[1],
                            real.overlapDistinct(),
                            s[2],
                            real.overlapOccurrences()));
        }
        return scores;
    }

    void release() {
        grams.unpersist();
    }

    /** A task's n-grams for n = 1..4, tallied per replicate. */
    private static Iterator<NgramCountRow> tally(Iterator<CorpusDocument> documents) {
        Map<Integer, NgramTally[]> tallies = new HashMap<>();
        while (documents.hasNext()) {
            CorpusDocument d = documents.next();
            NgramTally[] byN = tallies.computeIfAbsent(d.getReplicate(), r -> {
                NgramTally[] t = new NgramTally[MAX_N];
                for (int n = 1; n <= MAX_N; n++) {
                    t[n - 1] = new NgramTally(n);
                }
                return t;
            });
            for (NgramTally t : byN) {
                t.addWithin(d.getIds());
            }
        }
        return NgramCountRow.rows(tallies);
    }
}
