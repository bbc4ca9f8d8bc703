package dev.piecemill.train;

import dev.piecemill.util.UserError;
import java.io.Serializable;
import java.util.Arrays;

/**
 * The reference Trainer's parameters.
 *
 * @param order          the byte n-gram model's order (n-grams of 1..order bytes)
 * @param vocabSizes     one model per size (pieces + 3 special tokens), trained in one run
 * @param maxPieceLength longer pieces are split into kept ones
 * @param minCount       rarer n-grams and pieces are pruned
 * @param isolateDigits  every Unicode decimal digit is a chunk (and so a piece) of its own
 * @param ensureUnicode  no piece starts with a UTF-8 continuation byte
 */
public record TrainerOptions(
        int order, int[] vocabSizes, int maxPieceLength, int minCount, boolean isolateDigits, boolean ensureUnicode)
        implements Serializable {
    public static final int DEFAULT_ORDER = 6;
    public static final int DEFAULT_MAX_PIECE_LENGTH = 36;
    public static final int DEFAULT_MIN_COUNT = 2;

    public TrainerOptions {
        if (order < 1 || order > ByteNgramKeys.MAX_LENGTH) {
            throw new UserError("order must be 1.." + ByteNgramKeys.MAX_LENGTH + ", not " + order);
        }
        if (vocabSizes.length == 0) {
            throw new UserError("give at least one vocabulary size");
        }
        for (int size : vocabSizes) {
            if (size < 256 + 3) {
                throw new UserError(
                        "a vocabulary size must be at least 259 (256 bytes + 3 special" + " tokens), not " + size);
            }
        }
        if (maxPieceLength < 1 || minCount < 1) {
            throw new UserError("max piece length and min count must be positive");
        }
        vocabSizes = vocabSizes.clone();
    }

    /** The sizes largest first, the order in which the reference cuts the vocabulary. */
    public int[] sizesLargestFirst() {
        int[] sizes = vocabSizes.clone();
        Arrays.sort(sizes);
        for (int i = 0, j = sizes.length - 1; i < j; i++, j--) {
            int t = sizes[i];
            sizes[i] = sizes[j];
            sizes[j] = t;
        }
        return sizes;
    }
}
