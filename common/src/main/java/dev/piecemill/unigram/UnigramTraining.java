package dev.piecemill.unigram;

import dev.piecemill.util.ByteString;
import dev.piecemill.util.Seeds;
import it.unimi.dsi.fastutil.objects.Object2LongMap;
import it.unimi.dsi.fastutil.objects.Object2LongOpenHashMap;
import java.util.List;
import java.util.function.Consumer;

/**
 * The unigram trainer end to end on chunks held in memory, in blocks as the Spark job forms
 * them: seeds per block summed, E-steps summed over blocks. For tests and small corpora; the
 * train job runs the same calls on executors.
 */
public final class UnigramTraining {
    private UnigramTraining() {}

    public static List<UnigramTrainer.Result> inMemory(
            UnigramOptions options, List<byte[]> chunks, Consumer<UnigramTrainer.Round> log) {
        return inBlocks(options, List.of(chunks), log);
    }

    public static List<UnigramTrainer.Result> inBlocks(
            UnigramOptions options, List<List<byte[]>> blocks, Consumer<UnigramTrainer.Round> log) {
        return inBlocks(options, blocks, 1, log);
    }

    /**
     * Seeds from each block, and every pass summed from {@code parts} interleaved parts of all
     * the chunks: what tasks of a distributed pass compute, in whatever split.
     */
    public static List<UnigramTrainer.Result> inBlocks(
            UnigramOptions options, List<List<byte[]>> blocks, int parts, Consumer<UnigramTrainer.Round> log) {
        Object2LongOpenHashMap<ByteString> summed = new Object2LongOpenHashMap<>();
        SymbolCounts symbols = new SymbolCounts();
        for (List<byte[]> block : blocks) {
            addCandidates(summed, new SeedExtractor(options.rules()).candidates(block, options.seedSize()));
            symbols.merge(SymbolCounts.of(block));
        }
        CorpusPass pass = (vocabulary, kind, sample) -> {
            List<List<byte[]>> split = new java.util.ArrayList<>();
            for (int p = 0; p < parts; p++) {
                split.add(new java.util.ArrayList<>());
            }
            int next = 0;
            for (List<byte[]> block : blocks) {
                for (byte[] chunk : block) {
                    if (ChunkBlock.sampled(Seeds.hash64(chunk), sample)) {
                        split.get(next++ % parts).add(chunk);
                    }
                }
            }
            PassTotals total = new PassTotals(vocabulary.size(), kind);
            for (List<byte[]> part : split) {
                total.add(InMemoryCorpus.totals(vocabulary, part, kind));
            }
            return total;
        };
        return new UnigramTrainer(options, pass, null, log)
                .train(SeedExtractor.best(summed, options.seedSize()), symbols);
    }

    /** Adds one block's candidate counts into the running sums. */
    public static void addCandidates(
            Object2LongOpenHashMap<ByteString> sums, Object2LongOpenHashMap<ByteString> block) {
        for (Object2LongMap.Entry<ByteString> e : block.object2LongEntrySet()) {
            sums.addTo(e.getKey(), e.getLongValue());
        }
    }

    /** The first vocabulary: the 256 bytes, the seeds and the characters, with probabilities from their counts. */
    public static Vocabulary initialVocabulary(List<Object2LongMap.Entry<ByteString>> seeds, SymbolCounts symbols) {
        return UnigramTrainer.initial(seeds, symbols, 0);
    }
}
