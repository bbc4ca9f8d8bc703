package dev.piecemill.unigram;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Runs of spaces (2..N) and of tabs (2..N/4) that every unigram vocabulary holds, as it holds
 * every byte: indentation and aligned columns (code, documentation, tables) would otherwise cost
 * a token per space wherever the training text had none. The final model gives each at least the
 * probability of two spaces, so a run comes out as one token however rare runs were in training.
 */
public final class WhitespaceRuns {
    private WhitespaceRuns() {}

    /** The runs kept for a longest run of {@code longest} spaces (none when below 2). */
    public static List<byte[]> pieces(int longest) {
        List<byte[]> runs = new ArrayList<>();
        for (int k = 2; k <= longest; k++) {
            runs.add(run((byte) ' ', k));
        }
        for (int k = 2; k <= longest / 4; k++) {
            runs.add(run((byte) '\t', k));
        }
        return runs;
    }

    /** Whether {@code piece} is one of the runs kept for {@code longest}. */
    public static boolean isKept(byte[] piece, int longest) {
        if (piece.length < 2) {
            return false;
        }
        byte b = piece[0];
        int limit = b == ' ' ? longest : b == '\t' ? longest / 4 : 0;
        if (piece.length > limit) {
            return false;
        }
        for (byte x : piece) {
            if (x != b) {
                return false;
            }
        }
        return true;
    }

    private static byte[] run(byte b, int k) {
        byte[] r = new byte[k];
        Arrays.fill(r, b);
        return r;
    }
}
