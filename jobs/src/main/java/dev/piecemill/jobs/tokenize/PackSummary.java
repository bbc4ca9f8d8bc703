package dev.piecemill.jobs.tokenize;

import java.util.Locale;

/**
 * What tokenize --pack wrote; "pack" in the tokenize summary. Every document's pieces plus its
 * separators ({@code <eos>}, and {@code <bos>} with --add-bos) are either packed or left over:
 * pieces + separatorTokens = sequences x length + leftoverTokens.
 *
 * @param tokens          sequences x length: the ids written
 * @param leftoverTokens  the ids after the last full row of each bucket (fewer than length a
 *                        bucket), not written
 * @param seconds         the pack stage's time (the summary's own seconds are tokenizing's)
 */
public record PackSummary(
        int length,
        int buckets,
        String format,
        long sequences,
        long tokens,
        long separatorTokens,
        long leftoverTokens,
        double seconds) {
    public String describe() {
        return String.format(
                Locale.ROOT,
                "packed %,d sequences of %,d tokens (%s, %,d buckets), %,d tokens left over "
                        + "at bucket ends; %.1f s",
                sequences,
                length,
                format,
                buckets,
                leftoverTokens,
                seconds);
    }
}
