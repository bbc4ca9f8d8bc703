package dev.piecemill.piece;

import java.io.IOException;

/** A model file that is not a valid BytePiece model; the message names the file and the fault. */
public final class ModelFormatException extends IOException {
    public ModelFormatException(String message) {
        super(message);
    }

    public ModelFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
