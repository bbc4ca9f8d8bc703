package dev.piecemill.jobs.tokenize;

import dev.piecemill.jobs.io.LazyIterator;
import dev.piecemill.pack.PackFraming;
import dev.piecemill.pack.PackedSequence;
import dev.piecemill.pack.SequencePacker;
import java.util.ArrayDeque;
import java.util.Iterator;
import org.apache.spark.util.CollectionAccumulator;

/**
 * Packs one bucket (a pack-stage partition, its documents in pack order) into rows, streaming:
 * one document and the rows it completes in memory. Reports the bucket's totals at its end,
 * inside the action that writes the rows, so once per bucket.
 */
final class BucketPacker extends LazyIterator<PackedRow> {
    private final int bucket;
    private final Iterator<PackDocument> documents;
    private final PackFraming framing;
    private final SequencePacker packer;
    private final CollectionAccumulator<BucketTotals> totals;
    private final ArrayDeque<PackedSequence> completed = new ArrayDeque<>();
    private long documentCount;
    private long pieces;

    BucketPacker(
            int bucket,
            Iterator<PackDocument> documents,
            PackFraming framing,
            int length,
            CollectionAccumulator<BucketTotals> totals) {
        this.bucket = bucket;
        this.documents = documents;
        this.framing = framing;
        this.packer = new SequencePacker(length);
        this.totals = totals;
    }

    @Override
    protected PackedRow computeNext() {
        while (completed.isEmpty() && documents.hasNext()) {
            PackDocument doc = documents.next();
            int[] run = framing.run(doc.docId(), doc.ids());
            documentCount++;
            pieces += run.length - framing.separatorsPerDocument();
            completed.addAll(packer.add(doc.docId(), run));
        }
        PackedSequence sequence = completed.poll();
        if (sequence == null) {
            totals.add(new BucketTotals(
                    bucket,
                    documentCount,
                    pieces,
                    packer.sequences(),
                    packer.tail().ids().length));
            return null;
        }
        return new PackedRow(
                bucket, sequence.index(), sequence.ids(), sequence.docIds().toArray(String[]::new));
    }
}
