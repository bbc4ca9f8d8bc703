package dev.piecemill.unigram;

import dev.piecemill.util.UserError;
import java.io.Serializable;

/**
 * Which byte strings may become pieces: whole UTF-8 characters (a piece starts and ends on a
 * character boundary), at most {@code maxPieceBytes} bytes and at most {@code maxWords} words (runs
 * of non-space bytes), inside one chunk. A piece ends in spaces or tabs only if it is nothing
 * else (indentation) or if they follow ASCII punctuation ({@code ". "}, {@code ", "}): a word
 * takes the space before it, never the one after, as SentencePiece's {@code ▁word}, so a word
 * needs one piece, not one for each side its space may stand on (held-out compression of the
 * same source at 32k: 4.80 to 4.91 bytes/token, BENCHMARKS.md). Single bytes are always pieces
 * and need no rule.
 */
public record SeedRules(int maxPieceBytes, int maxWords) implements Serializable {
    public SeedRules {
        if (maxPieceBytes < 1) {
            throw new UserError("the max piece length must be at least 1 byte, not " + maxPieceBytes);
        }
        if (maxWords < 1) {
            throw new UserError("the max words per piece must be at least 1, not " + maxWords);
        }
    }

    static boolean isSpace(int b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r';
    }

    /** A space or a tab: what a piece may end in only after punctuation, or if it is nothing else. */
    private static boolean isBlank(int b) {
        return b == ' ' || b == '\t';
    }

    static boolean isContinuation(int b) {
        return (b & 0xC0) == 0x80;
    }

    /** Whether {@code piece} is exactly one multi-byte UTF-8 character. */
    static boolean isSingleCharacter(byte[] piece) {
        if (piece.length < 2 || sequenceLength(piece[0] & 0xFF) != piece.length) {
            return false;
        }
        for (int j = 1; j < piece.length; j++) {
            if (!isContinuation(piece[j] & 0xFF)) {
                return false;
            }
        }
        return true;
    }

    /** Bytes of the UTF-8 sequence a lead byte opens (1 for ASCII and for stray bytes). */
    static int sequenceLength(int lead) {
        if (lead >= 0xF0) {
            return 4;
        } else if (lead >= 0xE0) {
            return 3;
        } else if (lead >= 0xC0) {
            return 2;
        }
        return 1;
    }

    /**
     * The longest length L <= limit such that {@code bytes[from, from + L)} obeys the rules, read
     * through {@code byteAt} (-1 past the chunk's end); 0 when the string cannot start a piece.
     */
    int longestValidPrefix(ByteSource bytes, int from, int limit) {
        limit = Math.min(limit, maxPieceBytes);
        if (limit <= 0 || isContinuation(bytes.byteAt(from))) {
            return 0;
        }
        int words = 0;
        boolean inWord = false;
        int lastBoundary = 0; // the longest prefix seen that ends after a whole character
        boolean blank = true; // only spaces and tabs so far
        boolean afterPunctuation = false; // the last character that is not a space or tab is punctuation
        for (int i = 0; i < limit; ) {
            int b = bytes.byteAt(from + i);
            if (b < 0) {
                break;
            }
            if (isSpace(b)) {
                inWord = false;
            } else if (!inWord) {
                if (++words > maxWords) {
                    break;
                }
                inWord = true;
            }
            int end = i + sequenceLength(b);
            if (end > limit) {
                break;
            }
            for (int j = i + 1; j < end; j++) {
                if (!isContinuation(bytes.byteAt(from + j))) {
                    return lastBoundary; // invalid UTF-8 in the text: stop before it
                }
            }
            i = end;
            if (!isBlank(b)) {
                blank = false;
                afterPunctuation = b < 0x80 && !Character.isLetterOrDigit(b);
                lastBoundary = i;
            } else if (blank || afterPunctuation) {
                lastBoundary = i;
            }
        }
        return lastBoundary;
    }

    /** Random access to bytes, -1 where there is none. */
    @FunctionalInterface
    interface ByteSource {
        int byteAt(int index);
    }
}
