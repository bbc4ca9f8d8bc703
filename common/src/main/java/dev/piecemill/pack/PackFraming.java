package dev.piecemill.pack;

import dev.piecemill.piece.PieceModel;
import java.io.Serializable;
import java.util.Arrays;

/**
 * A document's run in the packed stream: {@code <bos>} first when documents carry one, its
 * pieces, then exactly one {@code <eos>}. The tokenize job's stored ids already hold
 * {@code <bos>} (--add-bos) and {@code <eos>} (--add-eos) when asked for, so the run adds only
 * the {@code <eos>} they may lack, and never doubles a separator.
 *
 * @param bos       stored ids start with {@code <bos>}, and so does the run
 * @param storedEos stored ids end with {@code <eos>}
 */
public record PackFraming(boolean bos, boolean storedEos) implements Serializable {
    /** The run of a document with these stored ids (the array itself when it needs nothing). */
    public int[] run(String docId, int[] stored) {
        boolean startsWithBos = stored.length > 0 && stored[0] == PieceModel.BOS_ID;
        boolean endsWithEos = stored.length > (startsWithBos ? 1 : 0) && stored[stored.length - 1] == PieceModel.EOS_ID;
        if (startsWithBos != bos || endsWithEos != storedEos) {
            throw new IllegalStateException("document " + docId + ": its stored ids should be " + (bos ? "<bos> " : "")
                    + "pieces" + (storedEos ? " <eos>" : "") + ", as tokenize wrote them, not "
                    + Arrays.toString(stored));
        }
        if (storedEos) {
            return stored;
        }
        int[] run = Arrays.copyOf(stored, stored.length + 1);
        run[stored.length] = PieceModel.EOS_ID;
        return run;
    }

    /** Separator ids in every run: the {@code <eos>}, and the {@code <bos>} when documents carry one. */
    public int separatorsPerDocument() {
        return bos ? 2 : 1;
    }
}
