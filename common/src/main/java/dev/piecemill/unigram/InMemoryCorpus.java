package dev.piecemill.unigram;

import dev.piecemill.util.Seeds;
import java.util.List;

/** Chunks held in memory, passed over on the calling thread: tests and small corpora. */
public final class InMemoryCorpus implements CorpusPass {
    private final List<byte[]> chunks;

    public InMemoryCorpus(List<byte[]> chunks) {
        this.chunks = chunks;
    }

    @Override
    public PassTotals run(Vocabulary vocabulary, PassKind kind, double sample) {
        List<byte[]> selected = chunks;
        if (sample < 1) {
            selected = new java.util.ArrayList<>();
            for (int i = 0; i < chunks.size(); i++) {
                if (ChunkBlock.sampled(Seeds.hash64(chunks.get(i)), sample)) {
                    selected.add(chunks.get(i));
                }
            }
        }
        return totals(vocabulary, selected, kind);
    }

    /** The totals of {@code chunks}: what every task of a distributed pass computes for its own. */
    public static PassTotals totals(Vocabulary vocabulary, Iterable<byte[]> chunks, PassKind kind) {
        ChunkLattice lattice = new ChunkLattice(vocabulary);
        PassTotals totals = new PassTotals(vocabulary.size(), kind);
        for (byte[] chunk : chunks) {
            lattice.add(chunk, 0, chunk.length, totals);
        }
        return totals;
    }
}
