package dev.piecemill.jobs.collapse;

import dev.piecemill.lm.LogLoss;
import dev.piecemill.metrics.PackedNgramTable;
import java.io.Serializable;
import java.util.List;

/**
 * One replicate's corpus counts, or one bucket's share of them: documents and their loss under a
 * model (both in bucket 0 only), distinct n-grams and occurrences for n = 1..{@link
 * PackedNgramTable#MAX_N} (index n - 1), and the unigram table. Shares of disjoint buckets add up to
 * the corpus's counts.
 */
record ReplicateCounts(long documents, LogLoss loss, long[] distinct, long[] occurrences, PackedNgramTable unigrams)
        implements Serializable {
    static final ReplicateCounts NONE = new ReplicateCounts(
            0,
            LogLoss.ZERO,
            new long[PackedNgramTable.MAX_N],
            new long[PackedNgramTable.MAX_N],
            PackedNgramTable.EMPTY);

    ReplicateCounts plus(ReplicateCounts other) {
        long[] d = distinct.clone();
        long[] o = occurrences.clone();
        for (int i = 0; i < d.length; i++) {
            d[i] += other.distinct[i];
            o[i] += other.occurrences[i];
        }
        return new ReplicateCounts(
                documents + other.documents,
                loss.plus(other.loss),
                d,
                o,
                PackedNgramTable.sum(List.of(unigrams, other.unigrams)));
    }
}
