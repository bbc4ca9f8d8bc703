package dev.piecemill.piece;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.piecemill.text.TextNormalizer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A model of two million pieces (a hundred times the largest published BytePiece model) loads
 * from its file under {@link ModelFile#MAX_MODEL_BYTES}, within the memory the README states for
 * it, and tokenizes losslessly.
 */
class LargeModelTest {
    private static final int PIECES = 2_000_000;
    /** The README's figure for such a model, loaded with its tokenizer: "under 600 MB of heap". */
    private static final long STATED_HEAP_BYTES = 600L << 20;

    @Test
    void twoMillionPiecesLoadWithinTheStatedMemoryAndTokenize() throws IOException {
        byte[] file = modelFile(randomModel(PIECES));
        assertTrue(file.length < ModelFile.MAX_MODEL_BYTES, "the file is under the loader's limit: " + file.length);

        long before = usedHeapAfterGc();
        long started = System.nanoTime();
        PieceModel model = ModelFile.read(new ByteArrayInputStream(file), "large.json");
        Tokenizer tokenizer = new Tokenizer(model);
        double seconds = (System.nanoTime() - started) / 1e9;
        long retained = usedHeapAfterGc() - before;

        assertEquals(PIECES, model.pieceCount());
        String text = "the quick brown fox, 東京で jumps over the lazy dog ".repeat(50);
        int[] ids = tokenizer.encode(text);
        assertEquals(TextNormalizer.nfc(text), tokenizer.decode(ids));
        assertTrue(
                ids.length < text.getBytes(StandardCharsets.UTF_8).length / 2, "long pieces are used: " + ids.length);
        System.out.printf(
                "large model: %,d pieces, file %,d bytes, loaded with its tokenizer in %.1f s,"
                        + " %,d bytes of heap%n",
                model.pieceCount(), file.length, seconds, retained);
        assertTrue(retained < STATED_HEAP_BYTES, "retained " + retained + " bytes");
    }

    /** Every byte, and distinct random pieces of 2 to 16 bytes, over the letters and characters the test text uses. */
    private static PieceModel randomModel(int size) {
        byte[] alphabet = "the quick brown fox jumps over lazy dog,東京で".getBytes(StandardCharsets.UTF_8);
        byte[][] pieces = new byte[size][];
        long[] counts = new long[size];
        for (int b = 0; b < 256; b++) {
            pieces[b] = new byte[] {(byte) b};
        }
        SplittableRandom random = new SplittableRandom(7);
        Set<String> seen = new HashSet<>();
        for (int i = 256; i < size; ) {
            byte[] piece = new byte[2 + random.nextInt(15)];
            for (int j = 0; j < piece.length; j++) {
                piece[j] = alphabet[random.nextInt(alphabet.length)];
            }
            if (seen.add(new String(piece, StandardCharsets.ISO_8859_1))) {
                pieces[i++] = piece;
            }
        }
        for (int i = 0; i < size; i++) {
            counts[i] = 1 + random.nextInt(1000);
        }
        return PieceModel.inReferenceOrder(pieces, counts); // as trainers write them
    }

    private static byte[] modelFile(PieceModel model) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ModelFile.write(model, out);
        return out.toByteArray();
    }

    private static long usedHeapAfterGc() {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
