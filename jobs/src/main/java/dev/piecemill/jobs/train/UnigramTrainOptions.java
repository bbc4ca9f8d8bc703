package dev.piecemill.jobs.train;

import dev.piecemill.jobs.io.CorpusOptions;
import dev.piecemill.unigram.UnigramOptions;
import dev.piecemill.util.UserError;
import java.io.Serializable;

/**
 * Options of the unigram train job.
 *
 * @param validationFraction share of documents (by id hash) held out and measured after every
 *                           round; 0 for none
 * @param seedBlockBytes     seeds are extracted from blocks of about this much training text
 *                           (one suffix array each, about 20 bytes of memory per byte of text)
 */
public record UnigramTrainOptions(
        CorpusOptions corpus,
        String output,
        UnigramOptions trainer,
        boolean skipBadRecords,
        boolean overwrite,
        double validationFraction,
        long seedBlockBytes)
        implements Serializable {
    public static final long DEFAULT_SEED_BLOCK_BYTES = 16L << 20;

    public UnigramTrainOptions {
        if (!(validationFraction >= 0 && validationFraction < 1)) {
            throw new UserError("the validation fraction must lie in [0, 1), not " + validationFraction);
        }
        if (seedBlockBytes < 1 << 20 || seedBlockBytes > 1L << 30) {
            throw new UserError("a seed block must hold 1 MiB to 1 GiB, not " + seedBlockBytes + " bytes");
        }
    }
}
