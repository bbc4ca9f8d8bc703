package dev.piecemill.jobs.tokenize;

import dev.piecemill.pack.DocumentOrder;
import java.io.Serializable;
import java.util.Comparator;

/**
 * A document as the pack stage reads it back from the tokenize output, with the bucket it is
 * packed in (hashed once, not at every comparison): the key the stage shuffles and sorts by.
 *
 * @param ids the ids as tokenize stored them (with {@code <bos>}/{@code <eos>} when asked for)
 */
record PackDocument(int bucket, String docId, int[] ids) implements Serializable {
    /** Pack order inside a bucket: {@link DocumentOrder}. */
    static final class Order implements Comparator<PackDocument>, Serializable {
        private static final long serialVersionUID = 1L;

        @Override
        public int compare(PackDocument a, PackDocument b) {
            return DocumentOrder.compare(a.docId, a.ids, b.docId, b.ids);
        }
    }
}
