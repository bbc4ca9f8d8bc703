package dev.piecemill.lm;

import dev.piecemill.util.UserError;
import it.unimi.dsi.fastutil.ints.Int2IntOpenHashMap;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import it.unimi.dsi.fastutil.longs.Long2LongOpenHashMap;
import it.unimi.dsi.fastutil.longs.LongArrays;

/**
 * Counts a model's n-grams and lays them out flat. An entry is (context node, predicted token),
 * keyed {@code node << 32 | token}; sorting the keys groups entries by node with tokens
 * ascending, which is the layout {@link NgramLanguageModel} reads.
 */
final class NgramModelBuilder {
    private NgramModelBuilder() {}

    /** Counts the documents' BOS-padded n-grams, then builds the model. */
    static NgramLanguageModel build(Iterable<int[]> documents, int order, Smoothing smoothing) {
        requireOrder(order);
        NgramTally tally = new NgramTally(order);
        for (int[] document : documents) {
            tally.addPaddedDocument(document);
        }
        return build(tally, smoothing);
    }

    /**
     * The model of order {@code tally.n()} whose training events are the tally's BOS-padded
     * n-grams (see {@link NgramTally#addPaddedDocument}), however they were counted.
     */
    static NgramLanguageModel build(NgramTally tally, Smoothing smoothing) {
        int order = tally.n();
        requireOrder(order);
        IntSequenceTrie contexts = new IntSequenceTrie();
        Long2LongOpenHashMap rawCounts = rawCounts(tally, contexts);
        if (rawCounts.isEmpty()) {
            throw new IllegalArgumentException("no training documents");
        }
        boolean kneserNey = smoothing.method() == Smoothing.Method.KNESER_NEY;
        Long2LongOpenHashMap continuationCounts = kneserNey ? countContinuations(rawCounts, contexts) : null;

        long[] keys = rawCounts.keySet().toLongArray();
        LongArrays.radixSort(keys);
        int[] support = rootTokens(keys);
        Int2IntOpenHashMap supportIndex = new Int2IntOpenHashMap(support.length);
        for (int i = 0; i < support.length; i++) {
            supportIndex.put(support[i], i);
        }

        int nodes = contexts.size();
        int[] firstEntry = new int[nodes + 1];
        int[] entrySupportIndex = new int[keys.length];
        long[] entryCumulative = new long[keys.length];
        long[] singletons = new long[order];
        long[] doubletons = new long[order];
        int previousNode = -1;
        long cumulative = 0;
        for (int e = 0; e < keys.length; e++) {
            int node = (int) (keys[e] >>> 32);
            int token = (int) keys[e];
            if (node != previousNode) {
                for (int n = previousNode + 1; n <= node; n++) {
                    firstEntry[n] = e;
                }
                previousNode = node;
                cumulative = 0;
            }
            long count = usesRawCounts(node, order, contexts, kneserNey)
                    ? rawCounts.get(keys[e])
                    : continuationCounts.get(keys[e]);
            int depth = contexts.depth(node);
            if (count == 1) {
                singletons[depth]++;
            } else if (count == 2) {
                doubletons[depth]++;
            }
            cumulative += count;
            entrySupportIndex[e] = supportIndex.get(token);
            entryCumulative[e] = cumulative;
        }
        for (int n = previousNode + 1; n <= nodes; n++) {
            firstEntry[n] = keys.length;
        }
        double[] discounts = new double[order];
        for (int depth = 0; depth < order; depth++) {
            discounts[depth] = discount(singletons[depth], doubletons[depth]);
        }
        return new NgramLanguageModel(
                order, smoothing, contexts, support, firstEntry, entrySupportIndex, entryCumulative, discounts);
    }

    /** D = n1 / (n1 + 2 n2); without singletons the fallback keeps unseen tokens possible. */
    static double discount(long singletons, long doubletons) {
        return singletons == 0
                ? NgramLanguageModel.FALLBACK_DISCOUNT
                : (double) singletons / (singletons + 2.0 * doubletons);
    }

    /**
     * Raw counts of every (context of length 0..order-1, token): each padded n-gram counts for
     * its last token after each of its suffixes, the context nodes read most recent token first.
     */
    private static Long2LongOpenHashMap rawCounts(NgramTally tally, IntSequenceTrie contexts) {
        Long2LongOpenHashMap counts = new Long2LongOpenHashMap();
        int last = tally.n() - 1;
        tally.forEach((ngram, count) -> {
            int token = ngram[last];
            int node = IntSequenceTrie.ROOT;
            counts.addTo(key(node, token), count);
            for (int back = 1; back <= last; back++) {
                node = contexts.child(node, ngram[last - back]);
                counts.addTo(key(node, token), count);
            }
        });
        return counts;
    }

    private static void requireOrder(int order) {
        if (order < 1 || order > NgramLanguageModel.MAX_ORDER) {
            throw new UserError("order must be 1.." + NgramLanguageModel.MAX_ORDER + ", got " + order);
        }
    }

    /**
     * N1+(. h w): for each (h w) seen with h at least one token long, one count to (h minus its
     * oldest token, w), which is the trie parent's entry.
     */
    private static Long2LongOpenHashMap countContinuations(Long2LongOpenHashMap rawCounts, IntSequenceTrie contexts) {
        Long2LongOpenHashMap counts = new Long2LongOpenHashMap();
        for (long key : rawCounts.keySet()) {
            int node = (int) (key >>> 32);
            if (node != IntSequenceTrie.ROOT) {
                counts.addTo(key(contexts.parent(node), (int) key), 1);
            }
        }
        return counts;
    }

    /**
     * Raw counts at the highest order and for contexts starting with BOS (nothing precedes
     * them); Kneser-Ney's continuation counts elsewhere. Without Kneser-Ney only the highest
     * order is read, so raw counts everywhere.
     */
    private static boolean usesRawCounts(int node, int order, IntSequenceTrie contexts, boolean kneserNey) {
        if (!kneserNey) {
            return true;
        }
        int depth = contexts.depth(node);
        return depth == order - 1 || (depth > 0 && contexts.symbol(node) == TokenIds.BOS);
    }

    /** The tokens predicted after the empty context: every token seen, EOS included, ascending. */
    private static int[] rootTokens(long[] sortedKeys) {
        IntArrayList tokens = new IntArrayList();
        for (long key : sortedKeys) {
            if ((key >>> 32) != IntSequenceTrie.ROOT) {
                break;
            }
            tokens.add((int) key);
        }
        return tokens.toIntArray();
    }

    static long key(int node, int token) {
        return ((long) node << 32) | token;
    }
}
