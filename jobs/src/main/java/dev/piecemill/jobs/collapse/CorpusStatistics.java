package dev.piecemill.jobs.collapse;

import dev.piecemill.lm.LogLoss;
import dev.piecemill.metrics.CorpusMetrics;
import dev.piecemill.metrics.DistinctNgrams;
import dev.piecemill.metrics.NgramOverlap;
import dev.piecemill.metrics.PackedNgramCounters;
import dev.piecemill.metrics.PackedNgramTable;
import dev.piecemill.metrics.TokenFrequencies;
import it.unimi.dsi.fastutil.ints.Int2LongOpenHashMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * The counts behind a corpus's metrics, per replicate: the n-grams inside documents for n =
 * 1..4. Each task counts its documents into sorted packed tables ({@link PackedNgramCounters}),
 * cuts them into buckets by key hash, and one shuffle brings each bucket's shares together, where
 * they are summed ({@link NgramBucket}, one per partition, cached). Only small results reach the
 * driver: the unigram table and per-n totals; the overlap with the reference is a merge of the
 * same buckets of both corpora, partition by partition, with no further shuffle.
 */
final class CorpusStatistics {
    private static final int MAX_N = CorpusMetrics.MAX_DISTINCT_N;
    private static final int OVERLAP_N = NgramOverlap.DEFAULT_N;

    /**
     * Per replicate: the unigram distribution, documents, distinct and total n-grams for n = 1..4,
     * and the documents' loss under the model they were scored by (zero when none).
     */
    record Summary(TokenFrequencies frequencies, long documents, long[] distinct, long[] occurrences, LogLoss loss) {
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

    /** Which n-gram tables the buckets keep. */
    enum Kept {
        /** The overlap's n: enough to be measured against, or to be the reference. */
        OVERLAP,
        /** Every n: enough to have later documents added ({@link #plus}). */
        ALL;

        boolean[] byN() {
            boolean[] keep = new boolean[MAX_N];
            for (int n = 1; n <= MAX_N; n++) {
                keep[n - 1] = this == ALL || n == OVERLAP_N;
            }
            return keep;
        }
    }

    private final JavaRDD<NgramBucket> buckets;
    private final Map<Integer, Summary> summaries;

    private CorpusStatistics(JavaRDD<NgramBucket> buckets) {
        this.buckets = buckets.persist(StorageLevel.MEMORY_AND_DISK());
        this.summaries = summarize(this.buckets);
    }

    /**
     * Counts the corpus (its {@code ids}) per replicate into {@code buckets} buckets, cached until
     * {@link #release}; in the same pass, scores each document under its replicate's model of
     * {@code scoredBy} (when not null).
     */
    static CorpusStatistics of(
            Dataset<CorpusDocument> corpus, int buckets, Kept kept, Broadcast<LanguageModels> scoredBy) {
        return new CorpusStatistics(count(corpus, buckets, kept, scoredBy));
    }

    /**
     * These counts with {@code added}'s documents counted in (generation g of accumulate: generation
     * g - 1's corpus and its new documents), without counting this corpus again; a shared corpus
     * here is added to each of {@code replicates}. Needs {@link Kept#ALL}.
     */
    CorpusStatistics plus(
            Dataset<CorpusDocument> added, int replicates, Kept kept, Broadcast<LanguageModels> scoredBy) {
        JavaRDD<NgramBucket> more = count(added, buckets.getNumPartitions(), Kept.ALL, scoredBy);
        boolean[] keep = kept.byN();
        return new CorpusStatistics(buckets.zipPartitions(
                more,
                (earlier, mine) -> List.of(mine.next().plus(earlier.next(), replicates, keep))
                        .iterator()));
    }

    private static JavaRDD<NgramBucket> count(
            Dataset<CorpusDocument> corpus, int buckets, Kept kept, Broadcast<LanguageModels> scoredBy) {
        boolean[] keep = kept.byN();
        return ReplicateIds.of(corpus)
                .javaRDD()
                .mapPartitionsToPair(documents -> chunks(documents, buckets, scoredBy))
                .partitionBy(new HashPartitioner(buckets))
                .mapPartitions(chunks -> List.of(NgramBucket.of(chunks, keep)).iterator());
    }

    /** A task's counts, per replicate and n, cut into buckets; and its documents and their loss per replicate, to bucket 0. */
    private static Iterator<Tuple2<Integer, NgramBucket.Chunk>> chunks(
            Iterator<ReplicateIds> documents, int buckets, Broadcast<LanguageModels> scoredBy) {
        Map<Integer, PackedNgramCounters> counters = new HashMap<>();
        Map<Integer, Long> documentCounts = new HashMap<>();
        Map<Integer, LogLoss> losses = new HashMap<>();
        while (documents.hasNext()) {
            ReplicateIds d = documents.next();
            counters.computeIfAbsent(d.getReplicate(), r -> new PackedNgramCounters())
                    .addWithin(d.getIds());
            documentCounts.merge(d.getReplicate(), 1L, Long::sum);
            if (scoredBy != null) {
                losses.merge(
                        d.getReplicate(),
                        LogLoss.of(scoredBy.value().model(d.getReplicate()), d.getIds()),
                        LogLoss::plus);
            }
        }
        List<Tuple2<Integer, NgramBucket.Chunk>> chunks = new ArrayList<>();
        counters.forEach((r, byN) -> {
            PackedNgramTable[] tables = byN.tables();
            for (int n = 1; n <= MAX_N; n++) {
                PackedNgramTable[] parts = tables[n - 1].split(buckets);
                for (int b = 0; b < buckets; b++) {
                    if (parts[b].distinct() > 0) {
                        chunks.add(new Tuple2<>(b, NgramBucket.Chunk.of(r, n, parts[b])));
                    }
                }
            }
        });
        documentCounts.forEach((r, count) -> chunks.add(
                new Tuple2<>(0, NgramBucket.Chunk.documents(r, count, losses.getOrDefault(r, LogLoss.ZERO)))));
        return chunks.iterator();
    }

    private static Map<Integer, Summary> summarize(JavaRDD<NgramBucket> buckets) {
        Map<Integer, ReplicateCounts> totals = new HashMap<>();
        for (Map<Integer, ReplicateCounts> shares :
                buckets.map(NgramBucket::counts).collect()) {
            shares.forEach((r, c) -> totals.merge(r, c, ReplicateCounts::plus));
        }
        Map<Integer, Summary> summaries = new HashMap<>();
        totals.forEach((r, c) -> {
            Int2LongOpenHashMap unigrams = new Int2LongOpenHashMap(c.unigrams().distinct());
            for (int i = 0; i < c.unigrams().distinct(); i++) {
                unigrams.put(
                        PackedNgramTable.firstToken(c.unigrams().hiAt(i)),
                        c.unigrams().countAt(i));
            }
            summaries.put(
                    r,
                    new Summary(
                            TokenFrequencies.fromCounts(unigrams),
                            c.documents(),
                            c.distinct(),
                            c.occurrences(),
                            c.loss()));
        });
        return summaries;
    }

    /** The replicates counted ({@link CorpusTable#SHARED} for a shared corpus). */
    Iterable<Integer> replicates() {
        return summaries.keySet();
    }

    Summary summary(int replicate) {
        return summaries.get(replicate);
    }

    /**
     * Per replicate of this corpus: the n-gram overlap with {@code reference}, whose replicates are
     * either this corpus's or the one shared corpus.
     */
    Map<Integer, NgramOverlap.Scores> overlapWith(CorpusStatistics reference) {
        Map<Integer, long[]> sums = new HashMap<>();
        if (reference == this) { // every n-gram is its own: no merge needed
            summaries.forEach((r, s) ->
                    sums.put(r, new long[] {s.overlapOccurrences(), s.overlapDistinct(), s.overlapOccurrences()}));
        } else {
            if (buckets.getNumPartitions() != reference.buckets.getNumPartitions()) {
                throw new IllegalStateException("the two corpora were counted into different numbers of buckets");
            }
            for (Map<Integer, long[]> part : buckets.zipPartitions(
                            reference.buckets,
                            (mine, theirs) -> List.of(mine.next().overlapWith(theirs.next(), OVERLAP_N))
                                    .iterator())
                    .collect()) {
                part.forEach((r, s) -> sums.merge(r, s, (a, b) -> new long[] {a[0] + b[0], a[1] + b[1], a[2] + b[2]}));
            }
        }
        boolean shared = reference.summaries.containsKey(CorpusTable.SHARED);
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
        buckets.unpersist(false);
    }
}
