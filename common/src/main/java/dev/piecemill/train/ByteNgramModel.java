package dev.piecemill.train;

import it.unimi.dsi.fastutil.longs.Long2DoubleOpenHashMap;
import it.unimi.dsi.fastutil.longs.Long2LongMap;
import it.unimi.dsi.fastutil.longs.Long2LongOpenHashMap;
import java.io.Serializable;

/**
 * The byte n-gram language model of training: log conditional probabilities
 * {@code lp(x1..xn) = ln c(x1..xn) - ln c(x1..xn-1)} of the n-grams that survived pruning, in a
 * primitive hash map (compact to broadcast). Absent n-grams score -infinity.
 */
public final class ByteNgramModel implements Serializable {
    private static final long serialVersionUID = 1L;
    private final int order;
    private final Long2DoubleOpenHashMap logProbs;

    private ByteNgramModel(int order, Long2DoubleOpenHashMap logProbs) {
        this.order = order;
        this.logProbs = logProbs;
        this.logProbs.defaultReturnValue(Double.NEGATIVE_INFINITY);
    }

    /**
     * The model from summed counts of every n-gram of 0..order bytes (the empty one counting
     * positions), pruned as the reference does: every byte gets count 1 if unseen (and one more
     * position), n-grams of 2 or more bytes below minCount go.
     */
    public static ByteNgramModel fromCounts(Long2LongOpenHashMap counts, int order, int minCount) {
        Long2LongOpenHashMap kept = new Long2LongOpenHashMap(counts.size());
        long positions = counts.get(0L);
        for (int b = 0; b < 256; b++) {
            long key = ByteNgramKeys.withLength(b, 1);
            if (!counts.containsKey(key)) {
                kept.put(key, 1);
                positions++;
            }
        }
        for (Long2LongMap.Entry e : counts.long2LongEntrySet()) {
            long key = e.getLongKey();
            int length = ByteNgramKeys.length(key);
            if (length >= 1 && length <= order && (length == 1 || e.getLongValue() >= minCount)) {
                kept.put(key, e.getLongValue());
            }
        }
        kept.put(0L, positions);
        Long2DoubleOpenHashMap logProbs = new Long2DoubleOpenHashMap(kept.size());
        for (Long2LongMap.Entry e : kept.long2LongEntrySet()) {
            long key = e.getLongKey();
            if (key == 0L) {
                continue;
            }
            // The prefix always survives: it occurs at least as often as the n-gram.
            long prefixCount = kept.get(ByteNgramKeys.prefix(key));
            logProbs.put(key, Math.log(e.getLongValue()) - Math.log(prefixCount));
        }
        return new ByteNgramModel(order, logProbs);
    }

    public int order() {
        return order;
    }

    /** Number of n-grams in the model (1..order bytes). */
    public int size() {
        return logProbs.size();
    }

    /** lp of the n-gram packed in {@code key}, or -infinity when it was pruned. */
    public double logProb(long key) {
        return logProbs.get(key);
    }
}
