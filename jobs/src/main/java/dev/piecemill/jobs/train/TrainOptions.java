package dev.piecemill.jobs.train;

import dev.piecemill.jobs.io.CorpusOptions;
import dev.piecemill.train.TrainerOptions;
import java.io.Serializable;

/**
 * Options of the train job.
 *
 * @param mapEntries a task's count map is drained into the shuffle when it holds this many
 *                   entries: the bound on a task's memory, whatever the corpus size
 */
public record TrainOptions(
        CorpusOptions corpus,
        String output,
        TrainerOptions trainer,
        boolean skipBadRecords,
        boolean overwrite,
        int mapEntries)
        implements Serializable {
    public static final int DEFAULT_MAP_ENTRIES = 2_000_000;
}
