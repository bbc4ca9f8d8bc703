package dev.piecemill.piece;

import dev.piecemill.text.TextNormalizer;
import dev.piecemill.text.Utf8;
import dev.piecemill.util.UserError;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * BytePiece tokenization: NFC, newline chunks, then per chunk the Viterbi segmentation over
 * the model's pieces (or, with {@code alpha >= 0}, a sampled one). Thread-safe; each thread
 * works in buffers of its own.
 */
public final class Tokenizer {
    private final PieceModel model;
    private final ByteTrie trie;
    private final double[] scores;
    private final ThreadLocal<Workspace> workspaces = ThreadLocal.withInitial(Workspace::new);

    public Tokenizer(PieceModel model) {
        this.model = model;
        this.trie = ByteTrie.build(model.piecesView());
        this.scores = model.logProbabilities();
    }

    public PieceModel model() {
        return model;
    }

    public int vocabSize() {
        return model.vocabSize();
    }

    /** Deterministic ids of {@code text}, without {@code <bos>}/{@code <eos>}. */
    public int[] encode(String text) {
        IntArrayList out = new IntArrayList();
        encode(text, false, false, -1, null, out);
        return out.toIntArray();
    }

    /**
     * Appends the ids of {@code text} to {@code out}.
     *
     * @param alpha  below 0: the most probable segmentation; 0 or more: a segmentation sampled
     *               with probability proportional to prod p(piece)^alpha
     * @param random the source of the random choices; required when alpha >= 0
     * @return the number of UTF-8 bytes of the normalized text
     * @throws IllegalArgumentException if the text holds an unpaired surrogate (no UTF-8 form)
     */
    public int encode(
            String text, boolean addBos, boolean addEos, double alpha, SplittableRandom random, IntArrayList out) {
        Workspace ws = workspaces.get();
        ws.bytes = Utf8.encode(TextNormalizer.nfc(text), ws.bytes, ws.length);
        return segment(ws, ws.bytes, 0, ws.length[0], addBos, addEos, alpha, random, out);
    }

    /**
     * {@link #encode(String, boolean, boolean, double, SplittableRandom, IntArrayList)} of text
     * given as UTF-8 bytes {@code utf8[from, to)}, which must be valid UTF-8 (see
     * {@link Utf8#isValid}). Text that is NFC already, nearly all of it, is segmented where it
     * lies: no String is made.
     */
    public int encodeUtf8(
            byte[] utf8,
            int from,
            int to,
            boolean addBos,
            boolean addEos,
            double alpha,
            SplittableRandom random,
            IntArrayList out) {
        if (!TextNormalizer.isNfcUtf8(utf8, from, to)) {
            return encode(
                    new String(utf8, from, to - from, StandardCharsets.UTF_8), addBos, addEos, alpha, random, out);
        }
        return segment(workspaces.get(), utf8, from, to, addBos, addEos, alpha, random, out);
    }

    /** Appends the ids of NFC UTF-8 {@code bytes[from, to)}, chunk by chunk; returns its length. */
    private int segment(
            Workspace ws,
            byte[] bytes,
            int from,
            int to,
            boolean addBos,
            boolean addEos,
            double alpha,
            SplittableRandom random,
            IntArrayList out) {
        if (alpha >= 0 && random == null) {
            throw new IllegalArgumentException("sampling (alpha >= 0) needs a random source");
        }
        if (addBos) {
            out.add(PieceModel.BOS_ID);
        }
        for (int start = from; start < to; ) {
            int end = TextNormalizer.tokenizerChunkEnd(bytes, start, to);
            if (alpha < 0) {
                ws.lattice.viterbi(bytes, start, end, trie, scores, out);
            } else {
                ws.lattice.sample(bytes, start, end, trie, scores, alpha, random, out);
            }
            start = end;
        }
        if (addEos) {
            out.add(PieceModel.EOS_ID);
        }
        return to - from;
    }

    /**
     * Appends the ids of the most probable segmentation of raw bytes, with no normalization and
     * no chunking: how the trainer splits a piece into smaller ones.
     */
    public void segmentBytes(byte[] bytes, int from, int to, IntArrayList out) {
        workspaces.get().lattice.viterbi(bytes, from, to, trie, scores, out);
    }

    /** The bytes of the pieces joined; special ids (<= 2) are dropped, as the reference does. */
    public byte[] decodeBytes(int[] ids) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(ids.length * 4);
        for (int id : ids) {
            checkId(id);
            if (id >= PieceModel.FIRST_PIECE_ID) {
                out.writeBytes(model.piece(id));
            }
        }
        return out.toByteArray();
    }

    /** Text of the ids: the pieces' bytes decoded as UTF-8, invalid sequences dropped. */
    public String decode(int[] ids) {
        byte[] bytes = decodeBytes(ids);
        return Utf8.decodeIgnoringErrors(bytes, 0, bytes.length);
    }

    /** Display text of each id (a piece cut inside a character shows only its valid part). */
    public String[] pieces(int[] ids) {
        String[] texts = new String[ids.length];
        for (int i = 0; i < ids.length; i++) {
            checkId(ids[i]);
            texts[i] = model.displayText(ids[i]);
        }
        return texts;
    }

    private void checkId(int id) {
        if (id < 0 || id >= model.vocabSize()) {
            throw new UserError("id " + id + " is outside the vocabulary [0, " + model.vocabSize() + ")");
        }
    }

    private static final class Workspace {
        final Lattice lattice = new Lattice();
        final int[] length = new int[1];
        byte[] bytes = new byte[1024];
    }
}
