package dev.piecemill.unigram;

import dev.piecemill.text.TextNormalizer;
import dev.piecemill.text.Utf8;
import java.util.ArrayList;
import java.util.List;

/**
 * The units the unigram trainer learns from: the tokenizer's own chunks (a line with the
 * newlines after it, NFC, UTF-8), so pieces are learned where the tokenizer will use them. A
 * chunk longer than {@link #MAX_CHUNK_BYTES} is cut at a character boundary, which bounds the
 * lattice's memory whatever a line's length.
 */
public final class UnigramChunks {
    public static final int MAX_CHUNK_BYTES = 1 << 16;

    private UnigramChunks() {}

    public static List<byte[]> of(String text) {
        byte[] bytes = Utf8.encode(TextNormalizer.nfc(text));
        List<byte[]> chunks = new ArrayList<>();
        for (int start = 0; start < bytes.length; ) {
            int end = TextNormalizer.tokenizerChunkEnd(bytes, start, bytes.length);
            while (end - start > MAX_CHUNK_BYTES) {
                int cut = start + MAX_CHUNK_BYTES;
                while (SeedRules.isContinuation(bytes[cut] & 0xFF)) {
                    cut--;
                }
                chunks.add(java.util.Arrays.copyOfRange(bytes, start, cut));
                start = cut;
            }
            chunks.add(java.util.Arrays.copyOfRange(bytes, start, end));
            start = end;
        }
        return chunks;
    }
}
