package dev.piecemill.export;

import dev.piecemill.piece.PieceModel;
import java.util.List;

/** The three special tokens both exports carry at ids 0-2, as our tokenizer numbers them. */
final class SpecialTokens {
    static final List<String> NAMES = List.of("<pad>", "<bos>", "<eos>");

    private SpecialTokens() {}

    /** The name of a special id (below {@link PieceModel#FIRST_PIECE_ID}). */
    static String name(int id) {
        return NAMES.get(id);
    }
}
