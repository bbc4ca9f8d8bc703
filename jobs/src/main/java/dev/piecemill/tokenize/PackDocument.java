package dev.piecemill.tokenize;

import dev.piecemill.pack.DocumentOrder;
import dev.piecemill.pack.PackBuckets;
import java.io.Serializable;
import java.util.Comparator;

/**
 * A document as the pack stage reads it back from the tokenize output (a bean, so Spark fills the
 * int[] without boxing each id), with the bucket it is packed in; the key the stage shuffles and
 * sorts by.
 */
public final class PackDocument implements Serializable {
    private static final long serialVersionUID = 1L;
    private String docId;
    private int[] ids;
    private int bucket;

    public PackDocument() {
    }

    public String getDocId() {
        return docId;
    }

    public void setDocId(String docId) {
        this.docId = docId;
    }

    /** The ids as tokenize stored them (with <bos>/<eos> when it was asked for them). */
    public int[] getIds() {
        return ids;
    }

    public void setIds(int[] ids) {
        this.ids = ids;
    }

    /** Places the document in its bucket (hashed once here, not at every comparison). */
    PackDocument inBucketOf(int buckets) {
        bucket = PackBuckets.of(docId, buckets);
        return this;
    }

    int bucket() {
        return bucket;
    }

    /** Pack order inside a bucket: {@link DocumentOrder}. */
    static final class Order implements Comparator<PackDocument>, Serializable {
        private static final long serialVersionUID = 1L;

        @Override
        public int compare(PackDocument a, PackDocument b) {
            return DocumentOrder.compare(a.docId, a.ids, b.docId, b.ids);
        }
    }
}
