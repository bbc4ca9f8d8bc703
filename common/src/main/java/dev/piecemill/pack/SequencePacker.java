package dev.piecemill.pack;

import dev.piecemill.util.UserError;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Cuts an ordered stream of documents into rows of exactly {@code length} token ids: each
 * document's run (its ids with their separators, see {@link PackFraming}) is appended to the
 * stream and a row is cut whenever {@code length} ids are waiting, so a long document spans
 * rows. Holds one row at a time; what is left at the end is the {@link #tail()}.
 */
public final class SequencePacker {
    private final int[] row;
    private final List<String> rowDocIds = new ArrayList<>();
    private int filled;
    private long sequences;

    public SequencePacker(int length) {
        if (length < 1) {
            throw new UserError("the sequence length must be at least 1, not " + length);
        }
        row = new int[length];
    }

    /** Appends a document's run; returns the rows it completes, in order (none while a row fills). */
    public List<PackedSequence> add(String docId, int[] run) {
        Objects.requireNonNull(docId, "docId");
        List<PackedSequence> completed = new ArrayList<>(0);
        int from = 0;
        while (from < run.length) {
            rowDocIds.add(docId); // each pass puts at least one id into the current row
            int n = Math.min(row.length - filled, run.length - from);
            System.arraycopy(run, from, row, filled, n);
            filled += n;
            from += n;
            if (filled == row.length) {
                completed.add(new PackedSequence(sequences++, row.clone(), List.copyOf(rowDocIds)));
                rowDocIds.clear();
                filled = 0;
            }
        }
        return completed;
    }

    /** The ids after the last full row (fewer than the length) and their documents. */
    public PackTail tail() {
        return new PackTail(Arrays.copyOf(row, filled), List.copyOf(rowDocIds));
    }

    /** Full rows cut so far. */
    public long sequences() {
        return sequences;
    }
}
