package dev.piecemill.jobs.collapse;

import java.io.Serializable;
import java.util.Iterator;

/**
 * A partial count of an n-gram of up to four tokens, packed into two longs ({@code hi}: tokens 1
 * and 2, {@code lo}: tokens 3 and 4, 32 bits each, absent ones 0; n tells them apart), so Spark
 * groups and joins fixed-width keys instead of arrays: what the metrics' n-gram tables use.
 */
public final class PackedNgramCount implements Serializable {
    private static final long serialVersionUID = 1L;
    public static final int MAX_N = 4;

    private int replicate;
    private int n;
    private long hi;
    private long lo;
    private long count;

    public PackedNgramCount() {}

    PackedNgramCount(NgramCountRow row) {
        int[] ngram = row.getNgram();
        if (ngram.length > MAX_N) {
            throw new IllegalArgumentException("only n-grams of up to " + MAX_N + " tokens pack into two longs");
        }
        this.replicate = row.getReplicate();
        this.n = row.getN();
        this.hi = pair(ngram, 0);
        this.lo = pair(ngram, 2);
        this.count = row.getCount();
    }

    /** The first token of the n-gram packed in {@code hi}. */
    static int firstToken(long hi) {
        return (int) (hi >>> 32);
    }

    static Iterator<PackedNgramCount> pack(Iterator<NgramCountRow> rows) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return rows.hasNext();
            }

            @Override
            public PackedNgramCount next() {
                return new PackedNgramCount(rows.next());
            }
        };
    }

    private static long pair(int[] ngram, int from) {
        long first = from < ngram.length ? ngram[from] & 0xFFFF_FFFFL : 0;
        long second = from + 1 < ngram.length ? ngram[from + 1] & 0xFFFF_FFFFL : 0;
        return first << 32 | second;
    }

    public int getReplicate() {
        return replicate;
    }

    public void setReplicate(int replicate) {
        this.replicate = replicate;
    }

    public int getN() {
        return n;
    }

    public void setN(int n) {
        this.n = n;
    }

    public long getHi() {
        return hi;
    }

    public void setHi(long hi) {
        this.hi = hi;
    }

    public long getLo() {
        return lo;
    }

    public void setLo(long lo) {
        this.lo = lo;
    }

    public long getCount() {
        return count;
    }

    public void setCount(long count) {
        this.count = count;
    }
}
