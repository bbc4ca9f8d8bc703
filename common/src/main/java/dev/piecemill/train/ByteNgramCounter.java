package dev.piecemill.train;

import it.unimi.dsi.fastutil.longs.Long2LongMap;
import it.unimi.dsi.fastutil.longs.Long2LongOpenHashMap;

/**
 * Pass 1 of training: counts, for every chunk and every position, the n-grams of 1..order bytes
 * starting there (those cut short by the chunk's end are not n-grams of their length), and the
 * positions themselves under the empty n-gram. Counts live in a primitive map; a caller bounds
 * memory by draining it when {@link #size()} grows too large and summing the parts elsewhere.
 */
public final class ByteNgramCounter {
    private final int order;
    private final Long2LongOpenHashMap counts = new Long2LongOpenHashMap();

    public ByteNgramCounter(int order) {
        this.order = order;
    }

    public void add(byte[] chunk) {
        int n = chunk.length;
        for (int i = 0; i < n; i++) {
            long bits = 0;
            int max = Math.min(order, n - i);
            for (int j = 1; j <= max; j++) {
                bits = (bits << 8) | (chunk[i + j - 1] & 0xFF);
                counts.addTo(ByteNgramKeys.withLength(bits, j), 1);
            }
        }
        counts.addTo(0L, n);
    }

    public int size() {
        return counts.size();
    }

    /** The counts so far as {keys, counts}; then the counter is empty. */
    public long[][] drain() {
        long[] keys = new long[counts.size()];
        long[] values = new long[counts.size()];
        int i = 0;
        for (Long2LongMap.Entry e : counts.long2LongEntrySet()) {
            keys[i] = e.getLongKey();
            values[i++] = e.getLongValue();
        }
        counts.clear(); // keeps the table's capacity: it fills to the same size again
        return new long[][] {keys, values};
    }

    /** The counts so far, without draining (for single-machine training). */
    public Long2LongOpenHashMap counts() {
        return counts;
    }
}
