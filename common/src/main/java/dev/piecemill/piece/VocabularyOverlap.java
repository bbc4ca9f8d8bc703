package dev.piecemill.piece;

import dev.piecemill.util.ByteString;
import java.util.HashSet;
import java.util.Set;

/** How much of one tokenizer's vocabulary another keeps. */
public final class VocabularyOverlap {
    private VocabularyOverlap() {}

    /** The share of {@code reference}'s pieces (byte strings; special tokens aside) that {@code other} also holds. */
    public static double shareKept(PieceModel reference, PieceModel other) {
        Set<ByteString> pieces = new HashSet<>();
        for (int id = PieceModel.FIRST_PIECE_ID; id < other.vocabSize(); id++) {
            pieces.add(ByteString.wrap(other.piece(id)));
        }
        int kept = 0;
        for (int id = PieceModel.FIRST_PIECE_ID; id < reference.vocabSize(); id++) {
            if (pieces.contains(ByteString.wrap(reference.piece(id)))) {
                kept++;
            }
        }
        return reference.pieceCount() == 0 ? Double.NaN : (double) kept / reference.pieceCount();
    }
}
