package dev.piecemill.jobs.collapse;

import dev.piecemill.jobs.io.LazyIterator;
import dev.piecemill.lm.NgramTally;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * One partial n-gram count of a task, as a Java bean (its int[] goes into Spark's array without
 * boxing): replicate, n, ngram, count. Tasks tally in {@link NgramTally}s and hand their counts to
 * the shuffle through these rows.
 */
public final class NgramCountRow implements Serializable {
    private static final long serialVersionUID = 1L;
    private int replicate;
    private int n;
    private int[] ngram;
    private long count;

    public NgramCountRow() {}

    NgramCountRow(int replicate, int n, int[] ngram, long count) {
        this.replicate = replicate;
        this.n = n;
        this.ngram = ngram;
        this.count = count;
    }

    /** The rows of every tally, made one at a time (a task's tallies can hold millions of n-grams). */
    static Iterator<NgramCountRow> rows(Map<Integer, NgramTally[]> talliesByReplicate) {
        record Source(int replicate, NgramTally tally) {}
        List<Source> sources = new ArrayList<>();
        talliesByReplicate.forEach((replicate, tallies) -> {
            for (NgramTally t : tallies) {
                sources.add(new Source(replicate, t));
            }
        });
        return new LazyIterator<>() {
            private int source;
            private int index;

            @Override
            protected NgramCountRow computeNext() {
                while (source < sources.size()
                        && index == sources.get(source).tally().distinct()) {
                    source++;
                    index = 0;
                }
                if (source == sources.size()) {
                    return null;
                }
                Source s = sources.get(source);
                int[] ngram = new int[s.tally().n()];
                s.tally().ngramAt(index, ngram);
                return new NgramCountRow(
                        s.replicate(), s.tally().n(), ngram, s.tally().countAt(index++));
            }
        };
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

    public int[] getNgram() {
        return ngram;
    }

    public void setNgram(int[] ngram) {
        this.ngram = ngram;
    }

    public long getCount() {
        return count;
    }

    public void setCount(long count) {
        this.count = count;
    }
}
