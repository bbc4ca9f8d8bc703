package dev.piecemill.jobs.train;

import dev.piecemill.jobs.io.CorpusRecord;
import java.io.Serializable;

/**
 * Which vocabularies a document trains, when one pass trains several (the collapse job's
 * replicates): the group is part of every count's key, so each vocabulary is what training on
 * its documents alone gives. The train job has one group.
 */
public final class TrainingGroups implements Serializable {
    private static final long serialVersionUID = 1L;
    /** Every document in the one group: the train job. */
    public static final TrainingGroups ONE = new TrainingGroups(1, false);

    private final int count;
    private final boolean fromFirstKeptColumn;
    private final int[][] single;
    private final int[] all;

    private TrainingGroups(int count, boolean fromFirstKeptColumn) {
        if (count < 1) {
            throw new IllegalArgumentException("at least one training group, not " + count);
        }
        this.count = count;
        this.fromFirstKeptColumn = fromFirstKeptColumn;
        this.single = new int[count][];
        this.all = new int[count];
        for (int g = 0; g < count; g++) {
            single[g] = new int[] {g};
            all[g] = g;
        }
    }

    /**
     * Groups 0 to count - 1, named by each document's first kept column (an integer); a negative
     * value puts the document in every group (a corpus the groups share, read once).
     */
    public static TrainingGroups byFirstKeptColumn(int count) {
        return new TrainingGroups(count, true);
    }

    public int count() {
        return count;
    }

    /** The groups {@code document} trains; not to be modified. */
    int[] of(CorpusRecord.Document document) {
        if (!fromFirstKeptColumn) {
            return all;
        }
        int group = ((Number) document.kept()[0]).intValue();
        if (group < 0) {
            return all;
        }
        if (group >= count) {
            throw new IllegalArgumentException(String.format(
                    "%s, record at %d: training group %d, but there are %d",
                    document.file(), document.offset(), group, count));
        }
        return single[group];
    }
}
