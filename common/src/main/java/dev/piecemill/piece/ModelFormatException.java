package dev.piecemill.piece;

import dev.piecemill.util.UserError;

/** A model file that is not a valid BytePiece model; the message names the file and the fault. */
public final class ModelFormatException extends UserError {
    private static final long serialVersionUID = 1L;

    public ModelFormatException(String message) {
        super(message);
    }

    public ModelFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
