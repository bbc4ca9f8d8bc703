package dev.piecemill.unigram;

import dev.piecemill.util.UserError;
import java.io.Serializable;
import java.util.Arrays;

/**
 * The unigram trainer's parameters, checked here whoever builds them.
 *
 * @param vocabSizes       one model per size (pieces + 3 special tokens), trained in one run;
 *                         each from its share of the seeds
 * @param rules            which substrings may become pieces
 * @param seedSize         how many seed pieces (besides the 256 bytes) the first EM round starts from
 * @param shrinkingFactor  each pruning round keeps this share of the pieces
 * @param emIterations     EM iterations per round
 * @param whitespaceRuns   the vocabulary always holds runs of 2..N spaces and 2..N/4 tabs ({@link WhitespaceRuns}); 0 for none
 */
public record UnigramOptions(
        int[] vocabSizes, SeedRules rules, int seedSize, double shrinkingFactor, int emIterations, int whitespaceRuns)
        implements Serializable {
    public static final int DEFAULT_MAX_PIECE_BYTES = 24;
    public static final int DEFAULT_MAX_WORDS = 3;
    public static final double DEFAULT_SHRINKING_FACTOR = 0.75;
    public static final int DEFAULT_EM_ITERATIONS = 1;
    public static final int DEFAULT_WHITESPACE_RUNS = 32;
    static final int MAX_WHITESPACE_RUNS = 256;
    /** Pruning stops at this multiple of the size, then one cut makes it exact. */
    static final double PRUNING_SLACK = 1.1;

    static final int SINGLE_BYTES = 256;
    static final int SPECIAL_TOKENS = 3;

    public UnigramOptions {
        if (vocabSizes.length == 0) {
            throw new UserError("give at least one vocabulary size");
        }
        for (int size : vocabSizes) {
            int least = SINGLE_BYTES + WhitespaceRuns.pieces(whitespaceRuns).size() + SPECIAL_TOKENS + 1;
            if (size < least) {
                throw new UserError("a unigram vocabulary size must be at least " + least + " (256 bytes, "
                        + WhitespaceRuns.pieces(whitespaceRuns).size() + " whitespace runs, 3 special tokens and one "
                        + "piece to learn), not " + size);
            }
        }
        if (!(shrinkingFactor > 0 && shrinkingFactor < 1)) {
            throw new UserError("the shrinking factor must lie in (0, 1), not " + shrinkingFactor);
        }
        if (emIterations < 1) {
            throw new UserError("EM iterations must be at least 1, not " + emIterations);
        }
        if (whitespaceRuns < 0 || whitespaceRuns > MAX_WHITESPACE_RUNS) {
            throw new UserError(
                    "whitespace runs must be 0 (none) to " + MAX_WHITESPACE_RUNS + ", not " + whitespaceRuns);
        }
        if (seedSize < 1) {
            throw new UserError("the seed size must be positive, not " + seedSize);
        }
        vocabSizes = vocabSizes.clone();
    }

    /**
     * The default seed size is this many times the largest vocabulary: more seeds fit the training
     * source better and other text worse (3 to 8 x measured on two corpora both ways, BENCHMARKS.md);
     * 4 x keeps both above SentencePiece's best.
     */
    public static final int DEFAULT_SEED_MULTIPLE = 4;

    public static int defaultSeedSize(int[] vocabSizes) {
        return DEFAULT_SEED_MULTIPLE * Arrays.stream(vocabSizes).max().orElse(0);
    }
}
