package dev.piecemill.piece;

import java.util.Arrays;
import java.util.Comparator;

/**
 * A BytePiece vocabulary: pieces (byte strings) with their counts, by id. Ids 0, 1 and 2 are
 * {@code <pad>}, {@code <bos>} and {@code <eos>}; piece i has id i + 3. Immutable.
 */
public final class PieceModel implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    public static final int PAD_ID = 0;
    public static final int BOS_ID = 1;
    public static final int EOS_ID = 2;
    public static final int FIRST_PIECE_ID = 3;
    static final String[] SPECIAL_TOKENS = {"<pad>", "<bos>", "<eos>"};

    /** The reference's piece order: by byte length, then bytes compared unsigned. */
    public static final Comparator<byte[]> PIECE_ORDER =
            Comparator.<byte[]>comparingInt(b -> b.length).thenComparing(Arrays::compareUnsigned);

    private final byte[][] pieces;
    private final long[] counts;

    /**
     * @param pieces pieces indexed by id - 3; every single byte must be present, no duplicates
     * @param counts positive counts, parallel to {@code pieces}
     * @throws IllegalArgumentException when those rules are broken
     */
    public PieceModel(byte[][] pieces, long[] counts) {
        if (pieces.length != counts.length) {
            throw new IllegalArgumentException("pieces and counts differ in length");
        }
        this.pieces = pieces.clone();
        this.counts = counts.clone();
        validate();
    }

    /** A model whose ids follow the reference order (length, then bytes), as the trainer writes them. */
    public static PieceModel inReferenceOrder(byte[][] pieces, long[] counts) {
        Integer[] order = new Integer[pieces.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> PIECE_ORDER.compare(pieces[a], pieces[b]));
        byte[][] sortedPieces = new byte[pieces.length][];
        long[] sortedCounts = new long[pieces.length];
        for (int i = 0; i < order.length; i++) {
            sortedPieces[i] = pieces[order[i]];
            sortedCounts[i] = counts[order[i]];
        }
        return new PieceModel(sortedPieces, sortedCounts);
    }

    private void validate() {
        boolean[] singleBytes = new boolean[256];
        byte[][] sorted = pieces.clone();
        for (int i = 0; i < pieces.length; i++) {
            if (pieces[i] == null || pieces[i].length == 0) {
                throw new IllegalArgumentException("piece id " + (i + FIRST_PIECE_ID) + " is empty");
            }
            if (counts[i] <= 0) {
                throw new IllegalArgumentException(
                        "piece id " + (i + FIRST_PIECE_ID) + " has a non-positive count " + counts[i]);
            }
            if (pieces[i].length == 1) {
                singleBytes[pieces[i][0] & 0xFF] = true;
            }
        }
        for (int b = 0; b < 256; b++) {
            if (!singleBytes[b]) {
                throw new IllegalArgumentException(
                        String.format("the single byte 0x%02X is missing: every byte must be a piece", b));
            }
        }
        Arrays.sort(sorted, PIECE_ORDER);
        for (int i = 1; i < sorted.length; i++) {
            if (Arrays.equals(sorted[i - 1], sorted[i])) {
                throw new IllegalArgumentException("duplicate piece " + Arrays.toString(sorted[i]));
            }
        }
    }

    /** Number of pieces (not counting the three special tokens). */
    public int pieceCount() {
        return pieces.length;
    }

    /** Vocabulary size as the reference counts it: pieces + 3. */
    public int vocabSize() {
        return pieces.length + FIRST_PIECE_ID;
    }

    /** The piece's bytes (a copy is not made: do not modify). */
    public byte[] piece(int id) {
        return pieces[id - FIRST_PIECE_ID];
    }

    public long count(int id) {
        return counts[id - FIRST_PIECE_ID];
    }

    /** Sum of all counts, the denominator of every piece probability. */
    public long totalCount() {
        long total = 0;
        for (long c : counts) {
            total = Math.addExact(total, c);
        }
        return total;
    }

    /**
     * Log-probability of each piece, by id - 3, computed as the reference does:
     * {@code ln(count) - ln(total)} in double (the last bit decides ties between segmentations).
     */
    public double[] logProbabilities() {
        double logTotal = Math.log((double) totalCount());
        double[] scores = new double[counts.length];
        for (int i = 0; i < counts.length; i++) {
            scores[i] = Math.log((double) counts[i]) - logTotal;
        }
        return scores;
    }

    /** Display form of an id: a special token's name or the piece's text (invalid UTF-8 dropped). */
    public String displayText(int id) {
        if (id >= 0 && id < FIRST_PIECE_ID) {
            return SPECIAL_TOKENS[id];
        }
        byte[] p = piece(id);
        return dev.piecemill.text.Utf8.decodeIgnoringErrors(p, 0, p.length);
    }

    byte[][] piecesView() {
        return pieces;
    }
}
