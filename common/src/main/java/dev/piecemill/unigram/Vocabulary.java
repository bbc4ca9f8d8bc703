package dev.piecemill.unigram;

import dev.piecemill.piece.ByteTrie;
import java.io.Serializable;
import java.util.Arrays;

/**
 * A unigram vocabulary during training: pieces (every single byte among them) with
 * probabilities, and the trie that finds them. Index i is the trainer's own order; the model
 * file's ids are given only at the end. Immutable; the trie is built where it is first used (so a
 * broadcast carries only the pieces and probabilities).
 */
public final class Vocabulary implements Serializable {
    private static final long serialVersionUID = 1L;
    private final byte[][] pieces;
    private final double[] probabilities;
    private transient ByteTrie trie;
    private transient double[] logProbabilities;
    private final int maxPieceBytes;

    /**
     * @param pieces        distinct, every single byte present
     * @param probabilities positive, parallel to pieces (normalized here)
     */
    public Vocabulary(byte[][] pieces, double[] probabilities) {
        if (pieces.length != probabilities.length) {
            throw new IllegalArgumentException("pieces and probabilities differ in length");
        }
        boolean[] bytes = new boolean[256];
        double sum = 0;
        int longest = 0;
        for (int i = 0; i < pieces.length; i++) {
            if (!(probabilities[i] > 0) || Double.isInfinite(probabilities[i])) {
                throw new IllegalArgumentException("piece " + i + " has probability " + probabilities[i]);
            }
            sum += probabilities[i];
            longest = Math.max(longest, pieces[i].length);
            if (pieces[i].length == 1) {
                bytes[pieces[i][0] & 0xFF] = true;
            }
        }
        for (int b = 0; b < 256; b++) {
            if (!bytes[b]) {
                throw new IllegalArgumentException(String.format("the single byte 0x%02X is missing", b));
            }
        }
        this.pieces = pieces;
        this.probabilities = new double[probabilities.length];
        for (int i = 0; i < probabilities.length; i++) {
            this.probabilities[i] = probabilities[i] / sum;
        }
        this.maxPieceBytes = longest;
    }

    /**
     * The vocabulary of a finished model (sorted by bytes, as the trainer keeps it), with its
     * log-probabilities exactly as the tokenizer computes them: a Viterbi pass over it segments
     * as {@code encode} does.
     */
    public static Vocabulary ofModel(dev.piecemill.piece.PieceModel model) {
        int n = model.pieceCount();
        double[] logs = model.logProbabilities();
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        int first = dev.piecemill.piece.PieceModel.FIRST_PIECE_ID;
        Arrays.sort(order, (a, b) -> Arrays.compareUnsigned(model.piece(a + first), model.piece(b + first)));
        byte[][] pieces = new byte[n][];
        double[] p = new double[n];
        double[] sortedLogs = new double[n];
        for (int i = 0; i < n; i++) {
            pieces[i] = model.piece(order[i] + first);
            p[i] = model.count(order[i] + first);
            sortedLogs[i] = logs[order[i]];
        }
        Vocabulary v = new Vocabulary(pieces, p);
        v.logProbabilities = sortedLogs;
        return v;
    }

    public int size() {
        return pieces.length;
    }

    public byte[] piece(int i) {
        return pieces[i];
    }

    public byte[][] pieces() {
        return pieces;
    }

    public double probability(int i) {
        return probabilities[i];
    }

    double[] probabilities() {
        return probabilities;
    }

    public int maxPieceBytes() {
        return maxPieceBytes;
    }

    /** Builds the trie and the logarithms now rather than in the first pass that needs them. */
    public void prepare() {
        trie();
        logProbabilities();
    }

    synchronized ByteTrie trie() {
        if (trie == null) {
            trie = ByteTrie.build(pieces);
        }
        return trie;
    }

    synchronized double[] logProbabilities() {
        if (logProbabilities == null) {
            double[] logs = new double[probabilities.length];
            for (int i = 0; i < logs.length; i++) {
                logs[i] = Math.log(probabilities[i]);
            }
            logProbabilities = logs;
        }
        return logProbabilities;
    }
}
