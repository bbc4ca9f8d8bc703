package dev.piecemill.train;

import dev.piecemill.io.CorpusRecord;
import dev.piecemill.io.LazyIterator;
import dev.piecemill.io.RecordFilter;
import dev.piecemill.piece.PieceModel;
import dev.piecemill.piece.Tokenizer;
import dev.piecemill.util.ByteString;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import it.unimi.dsi.fastutil.objects.Object2LongMap;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.util.LongAccumulator;

/**
 * The work of each training pass on one partition: plain library calls (common/) over the
 * partition's documents. Count maps are drained into the output whenever they reach the
 * configured size, and the output is streamed, so a task's memory stays bounded whatever the
 * corpus; Spark's shuffle sums the parts.
 */
final class TrainPartitions {
    private TrainPartitions() {}

    /** Pass 1: (ngram key, count) rows. Also counts the documents and bytes seen. */
    static Iterator<Row> countNgrams(Iterator<CorpusRecord> records, RecordFilter filter, TrainerOptions trainer,
                                     int mapEntries, LongAccumulator documents, LongAccumulator bytes) {
        Chunks chunks = new Chunks(records, filter, new Trainer(trainer), documents, bytes);
        NgramCounter counter = new NgramCounter(trainer.order());
        return new LazyIterator<>() {
            private long[][] batch = {new long[0], new long[0]};
            private int next;

            @Override
            protected Row computeNext() {
                while (next == batch[0].length) {
                    if (!chunks.hasNext() && counter.size() == 0) {
                        return null;
                    }
                    while (chunks.hasNext() && counter.size() < mapEntries) {
                        counter.add(chunks.next());
                    }
                    batch = counter.drain();
                    next = 0;
                }
                Row row = RowFactory.create(batch[0][next], batch[1][next]);
                next++;
                return row;
            }
        };
    }

    /** Pass 2: (piece, count) rows from the byte n-gram model's segmentation. */
    static Iterator<Row> countPieces(Iterator<CorpusRecord> records, RecordFilter filter, TrainerOptions trainer,
                                     Broadcast<NgramModel> model, int mapEntries) {
        Chunks chunks = new Chunks(records, filter, new Trainer(trainer), null, null);
        PieceCounter counter = new PieceCounter(model.value(), trainer.ensureUnicode());
        return new LazyIterator<>() {
            private Iterator<Object2LongMap.Entry<ByteString>> batch = java.util.Collections.emptyIterator();

            @Override
            protected Row computeNext() {
                while (!batch.hasNext()) {
                    if (!chunks.hasNext() && counter.size() == 0) {
                        return null;
                    }
                    while (chunks.hasNext() && counter.size() < mapEntries) {
                        counter.add(chunks.next());
                    }
                    batch = counter.drain().object2LongEntrySet().iterator();
                }
                Object2LongMap.Entry<ByteString> e = batch.next();
                return RowFactory.create(e.getKey().bytes(), e.getLongValue());
            }
        };
    }

    /** The dropped pieces' counts split into the kept pieces, summed by id. */
    static Iterator<long[]> splitDropped(Iterator<Row> dropped, Broadcast<PieceModel> kept) {
        Tokenizer tokenizer = new Tokenizer(kept.value());
        long[] added = new long[tokenizer.vocabSize()];
        IntArrayList ids = new IntArrayList();
        while (dropped.hasNext()) {
            Row row = dropped.next();
            PiecePruner.split(tokenizer, (byte[]) row.get(0), row.getLong(1), ids, added);
        }
        return List.of(added).iterator();
    }

    /** The training chunks of a partition's documents, one at a time. */
    private static final class Chunks extends LazyIterator<byte[]> {
        private final Iterator<CorpusRecord> records;
        private final RecordFilter filter;
        private final Trainer chunker;
        private final LongAccumulator documents;
        private final LongAccumulator bytes;
        private Iterator<byte[]> current = java.util.Collections.emptyIterator();

        /** documents and bytes are counted when given (the first pass), not when null. */
        Chunks(Iterator<CorpusRecord> records, RecordFilter filter, Trainer chunker, LongAccumulator documents,
               LongAccumulator bytes) {
            this.records = records;
            this.filter = filter;
            this.chunker = chunker;
            this.documents = documents;
            this.bytes = bytes;
        }

        @Override
        protected byte[] computeNext() {
            while (!current.hasNext()) {
                if (!records.hasNext()) {
                    return null;
                }
                CorpusRecord.Document doc = filter.accept(records.next());
                if (doc != null) {
                    List<byte[]> chunks = chunker.chunks(doc.text());
                    if (documents != null) {
                        documents.add(1);
                        bytes.add(chunks.stream().mapToLong(c -> c.length).sum());
                    }
                    current = chunks.iterator();
                }
            }
            return current.next();
        }
    }
}
