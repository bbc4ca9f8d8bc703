package dev.piecemill.collapse;

import dev.piecemill.lm.TokenCorpus;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongUnaryOperator;

/**
 * Real documents in a random but reproducible order, read as one stream of tokens: a document's
 * place comes from its own key ({@link SimulationSeeds}), not from a shuffle of the whole pool,
 * so a distributed job orders the same documents the same way. Stretches of the stream are
 * handed out by {@link #range}, documents cut at the stretch's edges.
 */
public final class RealPool {
    private final List<int[]> documents;
    private final Integer[] order;
    /** starts[i]: offset in the stream of the i-th document in pool order; starts[n] = total. */
    private final long[] starts;

    /** @param keyOfDocument the sort key of the document at each position of {@code pool} (ties by position) */
    public RealPool(TokenCorpus pool, LongUnaryOperator keyOfDocument) {
        this.documents = pool.documents();
        int n = documents.size();
        long[] keys = new long[n];
        this.order = new Integer[n];
        for (int i = 0; i < n; i++) {
            keys[i] = keyOfDocument.applyAsLong(i);
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> keys[a] != keys[b] ? Long.compare(keys[a], keys[b]) : Integer.compare(a, b));
        this.starts = new long[n + 1];
        for (int i = 0; i < n; i++) {
            starts[i + 1] = starts[i] + documents.get(order[i]).length;
        }
    }

    /** Tokens in the pool. */
    public long tokens() {
        return starts[starts.length - 1];
    }

    /** The stream's tokens {@code [from, to)}: the documents there in pool order, the first and last cut to fit. */
    public TokenCorpus range(long from, long to) {
        if (from < 0 || to < from || to > tokens()) {
            throw new IllegalStateException("the real pool holds " + tokens() + " tokens; tokens " + from + ".." + to
                    + " were asked for: give it more documents, or ask for fewer generations or tokens");
        }
        TokenCorpus.Builder builder = new TokenCorpus.Builder(to - from);
        int i = Arrays.binarySearch(starts, from);
        i = i >= 0 ? i : -i - 2; // the document holding token `from`
        for (; i < order.length && starts[i] < to; i++) {
            int[] document = documents.get(order[i]);
            int head = (int) Math.max(0, from - starts[i]);
            int tail = (int) Math.min(document.length, to - starts[i]);
            if (head < tail) {
                builder.add(Arrays.copyOfRange(document, head, tail));
            }
        }
        return builder.build();
    }
}
