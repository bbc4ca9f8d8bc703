package dev.piecemill.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.piecemill.piece.PieceModel;
import dev.piecemill.testing.TestData;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The pieces of the two formats, one rule at a time (ExportAgreementTest checks them whole). */
class ExportFormatsTest {
    /** The 256 bytes and the given extra pieces, each with count 1. */
    private static PieceModel bytesAnd(String... extra) {
        byte[][] pieces = new byte[256 + extra.length][];
        for (int b = 0; b < 256; b++) {
            pieces[b] = new byte[] {(byte) b};
        }
        for (int i = 0; i < extra.length; i++) {
            pieces[256 + i] = extra[i].getBytes(StandardCharsets.ISO_8859_1);
        }
        long[] counts = new long[pieces.length];
        java.util.Arrays.fill(counts, 1);
        return new PieceModel(pieces, counts);
    }

    @Test
    void theByteAlphabetIsGpt2s() {
        Set<Character> chars = new HashSet<>();
        for (int b = 0; b < 256; b++) {
            chars.add(ByteLevelAlphabet.of(b));
        }
        assertEquals(256, chars.size(), "one character a byte");
        assertEquals('a', ByteLevelAlphabet.of('a'));
        assertEquals('\u0120', ByteLevelAlphabet.of(' '), "the space is Ġ");
        assertEquals('\u010A', ByteLevelAlphabet.of('\n'), "the newline is Ċ");
        assertEquals('\u0100', ByteLevelAlphabet.of(0), "the first unprintable byte takes U+0100");
        assertEquals("\u00C3\u00A9", ByteLevelAlphabet.spell("é".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aPieceSpelledLikeASpecialTokenIsRefusedNotMerged() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> HfTokenizerJson.write(bytesAnd("<bos>"), new ByteArrayOutputStream()));
        assertTrue(e.getMessage().contains("piece id 259") && e.getMessage().contains("<bos>"), e.getMessage());
        IllegalArgumentException sp =
                assertThrows(IllegalArgumentException.class, () -> SentencePieceVocabulary.of(bytesAnd("<0x41>")));
        assertTrue(sp.getMessage().contains("<0x41>"), sp.getMessage());
    }

    @Test
    void sentencePieceKeepsOurIdsAndLeavesOutWhatItCannotMatch() {
        PieceModel model = TestData.model("plus.40k");
        SentencePieceVocabulary v = SentencePieceVocabulary.of(model);
        double[] scores = model.logProbabilities();
        Set<Integer> leftOut = new HashSet<>(v.leftOut());
        assertEquals(model.vocabSize() + 127 + 1, v.entries().size(), "ours, bytes 0x01-0x7F, <unk>");
        assertEquals(
                SentencePieceVocabulary.Type.UNKNOWN, v.entries().get(v.unkId()).type());
        assertEquals(248, v.leftOut().size(), "plus.40k's pieces that are not valid UTF-8");
        for (int id = PieceModel.FIRST_PIECE_ID; id < model.vocabSize(); id++) {
            byte[] piece = model.piece(id);
            SentencePieceVocabulary.Entry e = v.entries().get(id);
            if (leftOut.contains(id)) {
                assertEquals(SentencePieceVocabulary.Type.UNUSED, e.type());
                assertTrue(piece.length > 1, "a lone byte is never left out");
            } else if (e.type() == SentencePieceVocabulary.Type.BYTE) {
                assertEquals(1, piece.length);
                assertEquals(String.format("<0x%02X>", piece[0] & 0xFF), e.piece());
            } else {
                assertArrayEquals(piece, e.piece().getBytes(StandardCharsets.UTF_8), "id " + id + " is its text");
                assertEquals((float) scores[id - PieceModel.FIRST_PIECE_ID], e.score());
            }
        }
        assertEquals("<pad>", v.entries().get(0).piece());
        assertEquals(
                SentencePieceVocabulary.Type.CONTROL,
                v.entries().get(PieceModel.EOS_ID).type());
    }

    @Test
    void protobufEncodingsAreTheWireFormats() {
        assertArrayEquals(
                new byte[] {0x08, (byte) 0xAC, 0x02},
                new ProtobufWriter().int32(1, 300).toByteArray());
        assertEquals(1 + 10, new ProtobufWriter().int32(1, -1).toByteArray().length, "negative int32: ten bytes");
        assertArrayEquals(
                new byte[] {0x15, 0, 0, (byte) 0x80, 0x3F},
                new ProtobufWriter().float32(2, 1f).toByteArray());
        assertArrayEquals(
                new byte[] {0x0A, 2, 'h', 'i'},
                new ProtobufWriter().string(1, "hi").toByteArray());
        assertArrayEquals(
                new byte[] {0x1A, 2, 0x18, 1},
                new ProtobufWriter()
                        .message(3, new ProtobufWriter().bool(3, true))
                        .toByteArray());
    }
}
