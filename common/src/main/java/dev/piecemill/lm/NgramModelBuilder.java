package dev.piecemill.lm;

import it.unimi.dsi.fastutil.ints.Int2IntOpenHashMap;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import it.unimi.dsi.fastutil.longs.Long2LongOpenHashMap;
import it.unimi.dsi.fastutil.longs.LongArrays;
import java.util.Arrays;

/**
 * Counts a model's n-grams and lays them out flat. An entry is (context node, predicted token),
 * keyed {@code node << 32 | token}; sorting the keys groups entries by node with tokens
 * ascending, which is the layout {@link NgramLanguageModel} reads.
 */
final class NgramModelBuilder {
    private NgramModelBuilder() {}

    static NgramLanguageModel build(Iterable<int[]> documents, int order, Smoothing smoothing) {
        if (order < 1 || order > NgramLanguageModel.MAX_ORDER) {
            throw new IllegalArgumentException("order must be 1.." + NgramLanguageModel.MAX_ORDER + ", got " + order);
        }
        IntSequenceTrie contexts = new IntSequenceTrie();
        Long2LongOpenHashMap rawCounts = countRaw(documents, order, contexts);
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
                    ? rawCounts.get(keys[e]) : continuationCounts.get(keys[e]);
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
        return new NgramLanguageModel(order, smoothing, contexts, support, firstEntry, entrySupportIndex,
                entryCumulative, discounts);
    }

    /** D = n1 / (n1 + 2 n2); without singletons the fallback keeps unseen tokens possible. */
    static double discount(long singletons, long doubletons) {
        return singletons == 0 ? NgramLanguageModel.FALLBACK_DISCOUNT
                : (double) singletons / (singletons + 2.0 * doubletons);
    }

    /** Raw counts of every (context of length 0..order-1, token) in the BOS-padded documents. */
    private static Long2LongOpenHashMap countRaw(Iterable<int[]> documents, int order, IntSequenceTrie contexts) {
        Long2LongOpenHashMap counts = new Long2LongOpenHashMap();
        int pad = order - 1;
        int[] padded = new int[64];
        for (int[] document : documents) {
            TokenIds.requireContent(document);
            int length = pad + document.length + 1;
            if (padded.length < length) {
                padded = new int[Math.max(length, 2 * padded.length)];
            }
            Arrays.fill(padded, 0, pad, TokenIds.BOS);
            System.arraycopy(document, 0, padded, pad, document.length);
            padded[length - 1] = TokenIds.EOS;
            for (int i = pad; i < length; i++) {
                int token = padded[i];
                int node = IntSequenceTrie.ROOT;
                counts.addTo(key(node, token), 1);
                for (int back = 1; back <= pad; back++) {
                    node = contexts.child(node, padded[i - back]);
                    counts.addTo(key(node, token), 1);
                }
            }
        }
        return counts;
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
