package dev.piecemill.export;

import dev.piecemill.piece.PieceModel;
import dev.piecemill.text.Utf8;
import dev.piecemill.util.UserError;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Our vocabulary as SentencePiece pieces, id for id, then what the format demands beyond it.
 * SentencePiece matches pieces as text, whole characters at a time, so: the specials are CONTROL
 * pieces; a single byte that is not a character by itself (0x80-0xFF) is a BYTE piece
 * {@code <0xXX>}, which SentencePiece emits for a character it has no piece for; other pieces are
 * NORMAL. A multi-byte piece that is not valid UTF-8 (a cut character) could never match, and one
 * holding U+0000 would be cut short in SentencePiece's NUL-terminated trie (so byte 0x00 is a BYTE
 * piece too): those are left out, their ids kept by UNUSED placeholders so that every later id
 * stays ours. After our ids: BYTE pieces for 0x01-0x7F (byte fallback wants all 256; these
 * characters always have their NORMAL piece, so they are never produced), then {@code <unk>}
 * (required; with byte fallback never produced either).
 */
public final class SentencePieceVocabulary {
    /** SentencePiece's piece types, with their ModelProto numbers. */
    public enum Type {
        NORMAL(1),
        UNKNOWN(2),
        CONTROL(3),
        UNUSED(5),
        BYTE(6);

        final int number;

        Type(int number) {
            this.number = number;
        }
    }

    /** The unknown piece SentencePiece requires, last. */
    public static final String UNK = "<unk>";

    /** One piece of the ModelProto. */
    public record Entry(String piece, float score, Type type) {}

    private final List<Entry> entries;
    private final List<Integer> leftOut;

    private SentencePieceVocabulary(List<Entry> entries, List<Integer> leftOut) {
        this.entries = entries;
        this.leftOut = leftOut;
    }

    /**
     * @throws IllegalArgumentException if a piece's text is taken by a special or byte piece
     */
    public static SentencePieceVocabulary of(PieceModel model) {
        double[] scores = model.logProbabilities();
        List<Entry> entries = new ArrayList<>(model.vocabSize() + 1);
        List<Integer> leftOut = new ArrayList<>();
        for (int id = 0; id < PieceModel.FIRST_PIECE_ID; id++) {
            entries.add(new Entry(SpecialTokens.name(id), 0f, Type.CONTROL));
        }
        for (int id = PieceModel.FIRST_PIECE_ID; id < model.vocabSize(); id++) {
            byte[] piece = model.piece(id);
            float score = (float) scores[id - PieceModel.FIRST_PIECE_ID];
            boolean loneByte = piece.length == 1 && ((piece[0] & 0xFF) >= 0x80 || piece[0] == 0);
            if (loneByte) {
                entries.add(new Entry(bytePiece(piece[0] & 0xFF), score, Type.BYTE));
            } else if (representable(piece)) {
                entries.add(new Entry(new String(piece, StandardCharsets.UTF_8), score, Type.NORMAL));
            } else {
                leftOut.add(id);
                entries.add(new Entry("<piecemill-unused-" + id + ">", 0f, Type.UNUSED));
            }
        }
        for (int b = 1; b < 0x80; b++) {
            entries.add(new Entry(bytePiece(b), 0f, Type.BYTE));
        }
        entries.add(new Entry(UNK, 0f, Type.UNKNOWN));
        checkUnique(entries);
        return new SentencePieceVocabulary(
                Collections.unmodifiableList(entries), Collections.unmodifiableList(leftOut));
    }

    /** SentencePiece's name of a byte piece. */
    static String bytePiece(int b) {
        return String.format("<0x%02X>", b);
    }

    /** Whether a piece (not a lone high byte) is text SentencePiece can match. */
    static boolean representable(byte[] piece) {
        for (byte b : piece) {
            if (b == 0) {
                return false;
            }
        }
        return Utf8.isValid(piece, 0, piece.length);
    }

    private static void checkUnique(List<Entry> entries) {
        Map<String, Integer> seen = new HashMap<>();
        for (int id = 0; id < entries.size(); id++) {
            Integer before = seen.put(entries.get(id).piece(), id);
            if (before != null) {
                throw new UserError("piece id " + id + " is the text \""
                        + entries.get(id).piece() + "\", which SentencePiece already uses for id " + before);
            }
        }
    }

    /** The pieces by id: ours, the byte pieces 0x01-0x7F, then {@code <unk>}. */
    public List<Entry> entries() {
        return entries;
    }

    /** The id of {@code <unk>}, the last. */
    public int unkId() {
        return entries.size() - 1;
    }

    /** Ids of the pieces SentencePiece cannot represent, ascending. */
    public List<Integer> leftOut() {
        return leftOut;
    }
}
