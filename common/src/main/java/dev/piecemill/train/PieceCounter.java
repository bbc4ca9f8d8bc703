package dev.piecemill.train;

import dev.piecemill.util.ByteString;
import it.unimi.dsi.fastutil.objects.Object2LongOpenHashMap;

/** Counts the pieces the byte n-gram model cuts chunks into. One per thread. */
public final class PieceCounter {
    private final BnlmSegmenter segmenter;
    private Object2LongOpenHashMap<ByteString> counts = new Object2LongOpenHashMap<>();

    public PieceCounter(ByteNgramModel model, boolean ensureUnicode) {
        this.segmenter = new BnlmSegmenter(model, ensureUnicode);
    }

    public void add(byte[] chunk) {
        segmenter.segment(chunk, (bytes, from, to) -> counts.addTo(ByteString.copyOf(bytes, from, to), 1));
    }

    public int size() {
        return counts.size();
    }

    /** The counts so far; then the counter is empty. */
    public Object2LongOpenHashMap<ByteString> drain() {
        Object2LongOpenHashMap<ByteString> drained = counts; // handed over, not copied
        counts = new Object2LongOpenHashMap<>();
        return drained;
    }
}
