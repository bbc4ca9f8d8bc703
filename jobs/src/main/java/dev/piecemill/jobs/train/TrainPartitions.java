package dev.piecemill.jobs.train;

import dev.piecemill.jobs.io.CorpusRecord;
import dev.piecemill.jobs.io.LazyIterator;
import dev.piecemill.jobs.io.RecordCounts;
import dev.piecemill.jobs.io.RecordFilter;
import dev.piecemill.jobs.spark.ExecutorTokenizers;
import dev.piecemill.piece.PieceModel;
import dev.piecemill.piece.Tokenizer;
import dev.piecemill.train.ByteNgramCounter;
import dev.piecemill.train.ByteNgramKeys;
import dev.piecemill.train.ByteNgramModel;
import dev.piecemill.train.PieceCounter;
import dev.piecemill.train.PiecePruner;
import dev.piecemill.train.Trainer;
import dev.piecemill.train.TrainerOptions;
import dev.piecemill.util.ByteString;
import dev.piecemill.util.Seeds;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import it.unimi.dsi.fastutil.longs.Long2LongMap;
import it.unimi.dsi.fastutil.longs.Long2LongOpenHashMap;
import it.unimi.dsi.fastutil.longs.LongArrayList;
import it.unimi.dsi.fastutil.objects.Object2LongMap;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import scala.Tuple2;

/**
 * The work of each training pass on one partition: plain library calls (common/) over the
 * partition's documents. Count maps are drained into the output whenever they reach the
 * configured size, and the output is streamed, so a task's memory stays bounded whatever the
 * corpus; Spark's shuffle sums the parts.
 */
final class TrainPartitions {
    private TrainPartitions() {}

    /**
     * Pass 1, map side: n-gram counts as blocks of (key, count) pairs, interleaved in a long[],
     * one block per group and reduce bucket each time the count maps are drained (block key
     * {@code group * buckets + bucket}). Primitive arrays through the shuffle: no row, no boxing
     * per n-gram.
     */
    static Iterator<Tuple2<Integer, long[]>> countNgrams(
            Iterator<CorpusRecord> records,
            RecordFilter filter,
            TrainerOptions trainer,
            TrainingGroups groups,
            int mapEntries,
            int buckets) {
        Chunks chunks = new Chunks(records, filter, new Trainer(trainer), groups, true);
        ByteNgramCounter[] counters = new ByteNgramCounter[groups.count()];
        for (int g = 0; g < counters.length; g++) {
            counters[g] = new ByteNgramCounter(trainer.order());
        }
        return new LazyIterator<>() {
            private final ArrayDeque<Tuple2<Integer, long[]>> ready = new ArrayDeque<>();
            private boolean countsSent;

            @Override
            protected Tuple2<Integer, long[]> computeNext() {
                while (ready.isEmpty()) {
                    if (!chunks.hasNext() && entries(counters) == 0) {
                        if (countsSent) {
                            return null;
                        }
                        countsSent = true;
                        return new Tuple2<>(READ_COUNTS, chunks.counts().toArray());
                    }
                    while (chunks.hasNext() && entries(counters) < mapEntries) {
                        Chunk chunk = chunks.next();
                        for (int g : chunk.groups()) {
                            counters[g].add(chunk.bytes());
                        }
                    }
                    for (int g = 0; g < counters.length; g++) {
                        drainInto(ready, counters[g].drain(), g * buckets, buckets);
                    }
                }
                return ready.poll();
            }
        };
    }

    private static int entries(ByteNgramCounter[] counters) {
        int entries = 0;
        for (ByteNgramCounter c : counters) {
            entries += c.size();
        }
        return entries;
    }

    /** One group's drained counts as blocks keyed {@code firstKey + bucket}. */
    private static void drainInto(
            ArrayDeque<Tuple2<Integer, long[]>> ready, long[][] drained, int firstKey, int buckets) {
        LongArrayList[] parts = new LongArrayList[buckets];
        for (int i = 0; i < drained[0].length; i++) {
            int b = bucket(drained[0][i], buckets);
            if (parts[b] == null) {
                parts[b] = new LongArrayList();
            }
            parts[b].add(drained[0][i]);
            parts[b].add(drained[1][i]);
        }
        for (int b = 0; b < buckets; b++) {
            if (parts[b] != null) {
                ready.add(new Tuple2<>(firstKey + b, parts[b].toLongArray()));
            }
        }
    }

    /**
     * The key of a map task's last block: what it read, which the shuffle brings to one bucket
     * (the partitioner maps -1 to the last) and {@link #sumNgrams} passes on.
     */
    static final int READ_COUNTS = -1;

    static int bucket(long key, int buckets) {
        return (int) Long.remainderUnsigned(Seeds.mix64(key), buckets);
    }

    /**
     * A pass 1 bucket of one group, summed: the kept n-grams as (key, count) pairs, how many
     * distinct n-grams the bucket held before pruning, and what the map tasks whose counts it
     * received had read.
     */
    record BucketSums(int group, long[] kept, long distinct, ReadCounts read) implements java.io.Serializable {}

    /**
     * Pass 1, reduce side: sums one bucket's blocks (all of one group) and keeps what the model
     * keeps (n-grams of at most one byte, the others from minCount on).
     */
    static Iterator<BucketSums> sumNgrams(Iterator<Tuple2<Integer, long[]>> blocks, int group, int minCount) {
        Long2LongOpenHashMap sums = new Long2LongOpenHashMap();
        ReadCounts read = ReadCounts.NONE;
        while (blocks.hasNext()) {
            Tuple2<Integer, long[]> block = blocks.next();
            if (block._1() == READ_COUNTS) {
                read = read.add(ReadCounts.of(block._2()));
                continue;
            }
            long[] pairs = block._2();
            for (int i = 0; i < pairs.length; i += 2) {
                sums.addTo(pairs[i], pairs[i + 1]);
            }
        }
        LongArrayList kept = new LongArrayList();
        for (Long2LongMap.Entry e : sums.long2LongEntrySet()) {
            if (ByteNgramKeys.length(e.getLongKey()) <= 1 || e.getLongValue() >= minCount) {
                kept.add(e.getLongKey());
                kept.add(e.getLongValue());
            }
        }
        return List.of(new BucketSums(group, kept.toLongArray(), sums.size(), read))
                .iterator();
    }

    /** Pass 2: (group, piece, count) rows from each group's byte n-gram model's segmentation. */
    static Iterator<Row> countPieces(
            Iterator<CorpusRecord> records,
            RecordFilter filter,
            TrainerOptions trainer,
            TrainingGroups groups,
            Broadcast<ByteNgramModel[]> models,
            int mapEntries) {
        Chunks chunks = new Chunks(records, filter, new Trainer(trainer), groups, false);
        PieceCounter[] counters = new PieceCounter[groups.count()];
        for (int g = 0; g < counters.length; g++) {
            counters[g] = new PieceCounter(models.value()[g], trainer.ensureUnicode());
        }
        return new LazyIterator<>() {
            private int group = counters.length;
            private Iterator<Object2LongMap.Entry<ByteString>> batch = java.util.Collections.emptyIterator();

            @Override
            protected Row computeNext() {
                while (!batch.hasNext()) {
                    if (group < counters.length - 1) {
                        group++;
                        batch = counters[group].drain().object2LongEntrySet().iterator();
                        continue;
                    }
                    if (!chunks.hasNext()) {
                        return null;
                    }
                    while (chunks.hasNext() && entries(counters) < mapEntries) {
                        Chunk chunk = chunks.next();
                        for (int g : chunk.groups()) {
                            counters[g].add(chunk.bytes());
                        }
                    }
                    group = -1;
                }
                Object2LongMap.Entry<ByteString> e = batch.next();
                return RowFactory.create(group, e.getKey().bytes(), e.getLongValue());
            }
        };
    }

    private static int entries(PieceCounter[] counters) {
        int entries = 0;
        for (PieceCounter c : counters) {
            entries += c.size();
        }
        return entries;
    }

    /** The dropped pieces' counts split into their group's kept pieces, summed by group and id. */
    static Iterator<long[][]> splitDropped(Iterator<Row> dropped, Broadcast<PieceModel[]> kept) {
        Tokenizer[] tokenizers = ExecutorTokenizers.of(kept, kept::value);
        long[][] added = new long[tokenizers.length][];
        for (int g = 0; g < tokenizers.length; g++) {
            added[g] = new long[tokenizers[g].vocabSize()];
        }
        IntArrayList ids = new IntArrayList();
        while (dropped.hasNext()) {
            Row row = dropped.next();
            int g = row.getInt(0);
            PiecePruner.split(tokenizers[g], (byte[]) row.get(1), row.getLong(2), ids, added[g]);
        }
        return List.<long[][]>of(added).iterator();
    }

    /** A training chunk and the groups its document trains. */
    private record Chunk(byte[] bytes, int[] groups) {}

    /** The training chunks of a partition's documents, one at a time, and what was read for them. */
    private static final class Chunks extends LazyIterator<Chunk> {
        private final Iterator<CorpusRecord> records;
        private final RecordFilter filter;
        private final Trainer chunker;
        private final TrainingGroups groups;
        private final boolean counting;
        private long read;
        private long documents;
        private long quarantined;
        private long chunks;
        private long bytes;
        private Iterator<byte[]> current = java.util.Collections.emptyIterator();
        private int[] currentGroups;

        /** {@code counting}: the first pass counts what it reads; the second reads the same again. */
        Chunks(
                Iterator<CorpusRecord> records,
                RecordFilter filter,
                Trainer chunker,
                TrainingGroups groups,
                boolean counting) {
            this.records = records;
            this.filter = filter;
            this.chunker = chunker;
            this.groups = groups;
            this.counting = counting;
        }

        @Override
        protected Chunk computeNext() {
            while (!current.hasNext()) {
                if (!records.hasNext()) {
                    return null;
                }
                read++;
                CorpusRecord.Document doc = filter.accept(records.next());
                if (doc == null) {
                    quarantined++;
                } else {
                    documents++;
                    List<byte[]> docChunks = chunker.chunks(doc.text());
                    if (counting) {
                        chunks += docChunks.size();
                        bytes += docChunks.stream().mapToLong(c -> c.length).sum();
                    }
                    current = docChunks.iterator();
                    currentGroups = groups.of(doc);
                }
            }
            return new Chunk(current.next(), currentGroups);
        }

        /** What was read so far (everything, once the iterator is exhausted). */
        ReadCounts counts() {
            return new ReadCounts(new RecordCounts(read, documents, quarantined), chunks, bytes);
        }
    }
}
