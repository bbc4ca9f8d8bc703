package dev.piecemill.lm;

import it.unimi.dsi.fastutil.ints.Int2IntOpenHashMap;
import java.io.Serializable;
import java.util.Arrays;

/**
 * What a token n-gram model is estimated from, stored compactly: the contexts are nodes of an
 * {@link IntSequenceTrie} read most recent token first, so a node's parent is the same context
 * without its oldest token (the next lower order); each node's observed continuations sit in flat
 * arrays (support index ascending, cumulative counts), which serve both probabilities (binary
 * search) and draws (binary search on the cumulative counts).
 *
 * <p>A context is handed to the estimators as its <em>chain</em>: {@code chain[0..deepest]} the
 * nodes of its suffixes seen in training, the empty context first.
 */
final class NgramCounts implements Serializable {
    /** {@link #indexOf} of a token the corpus never held. */
    static final int OUTSIDE_SUPPORT = -1;

    private static final long serialVersionUID = 1L;
    /** Token ids below this get direct tables ({@link DirectIndex}); a larger id means hash maps. */
    private static final int DIRECT_LIMIT = 1 << 22;

    private final int order;
    private final IntSequenceTrie contexts;
    private final int[] support;
    /** Token id -> support index when {@link #direct} is null. */
    private final Int2IntOpenHashMap supportIndex;

    private final int[] firstEntry;
    private final int[] entrySupportIndex;
    private final long[] entryCumulative;
    /** The largest count of each context node's entries (a bound for the estimators' probabilityBound). */
    private final long[] maxCount;
    /**
     * By token id: its support index and the node of its one-token context, the two lookups every
     * probability makes (hash lookups were most of scoring a corpus); null when an id is too large.
     */
    private final DirectIndex direct;
    /** True when the root's entries are every support index in order (support = root tokens). */
    private final boolean rootIsSupport;

    /** Arrays by token id, for ids 0 .. length - 1. */
    private record DirectIndex(int[] supportIndex, int[] firstOrderContext) implements Serializable {
        static DirectIndex of(int[] support, IntSequenceTrie contexts) {
            long size = support.length == 0 ? 0 : support[support.length - 1] + 1L;
            boolean negative = support.length > 0 && support[0] < 0;
            for (int node = 1; node < contexts.size(); node++) {
                if (contexts.parent(node) == IntSequenceTrie.ROOT) {
                    size = Math.max(size, contexts.symbol(node) + 1L);
                    negative |= contexts.symbol(node) < 0;
                }
            }
            if (negative || size > DIRECT_LIMIT) {
                return null;
            }
            int[] supportIndex = new int[(int) size];
            Arrays.fill(supportIndex, OUTSIDE_SUPPORT);
            for (int i = 0; i < support.length; i++) {
                supportIndex[support[i]] = i;
            }
            int[] firstOrderContext = new int[(int) size];
            Arrays.fill(firstOrderContext, IntSequenceTrie.ABSENT);
            for (int node = 1; node < contexts.size(); node++) {
                if (contexts.parent(node) == IntSequenceTrie.ROOT) {
                    firstOrderContext[contexts.symbol(node)] = node;
                }
            }
            return new DirectIndex(supportIndex, firstOrderContext);
        }

        int supportIndexOf(int token) {
            return token >= 0 && token < supportIndex.length ? supportIndex[token] : OUTSIDE_SUPPORT;
        }

        int firstOrderContextOf(int token) {
            return token >= 0 && token < firstOrderContext.length ? firstOrderContext[token] : IntSequenceTrie.ABSENT;
        }

        long memoryBytes() {
            return 2L * Integer.BYTES * supportIndex.length;
        }
    }

    NgramCounts(
            int order,
            IntSequenceTrie contexts,
            int[] support,
            int[] firstEntry,
            int[] entrySupportIndex,
            long[] entryCumulative) {
        this.order = order;
        this.contexts = contexts;
        this.support = support;
        this.direct = DirectIndex.of(support, contexts);
        this.supportIndex = direct == null ? supportIndexMap(support) : null;
        this.firstEntry = firstEntry;
        this.entrySupportIndex = entrySupportIndex;
        this.entryCumulative = entryCumulative;
        this.maxCount = new long[firstEntry.length - 1];
        for (int node = 0; node < maxCount.length; node++) {
            for (int e = firstEntry[node]; e < firstEntry[node + 1]; e++) {
                maxCount[node] = Math.max(maxCount[node], entryCount(node, e));
            }
        }
        // The root's entries are the support itself, in order: its counts are read by index.
        this.rootIsSupport = firstEntry[1] - firstEntry[0] == support.length;
    }

    private static Int2IntOpenHashMap supportIndexMap(int[] support) {
        Int2IntOpenHashMap map = new Int2IntOpenHashMap(support.length);
        map.defaultReturnValue(OUTSIDE_SUPPORT);
        for (int i = 0; i < support.length; i++) {
            map.put(support[i], i);
        }
        return map;
    }

    int order() {
        return order;
    }

    /** True when a chain reaches the full context (order - 1 tokens), as seen in training. */
    boolean isFull(int deepest) {
        return deepest == order - 1;
    }

    int supportSize() {
        return support.length;
    }

    /** The support itself (token ids ascending), not a copy: callers only read it. */
    int[] supportTokens() {
        return support;
    }

    /** The support index of a token, or {@link #OUTSIDE_SUPPORT}. */
    int indexOf(int token) {
        return direct != null ? direct.supportIndexOf(token) : supportIndex.get(token);
    }

    int contextCount() {
        return contexts.size();
    }

    int entries() {
        return entrySupportIndex.length;
    }

    /** Heap bytes: the context trie, the flat entry arrays (an int and a long each), the support and its index. */
    long memoryBytes() {
        long supportBytes = (long) support.length * Integer.BYTES
                + (supportIndex == null ? 0 : (long) support.length * 2 * Integer.BYTES * 2);
        return contexts.memoryBytes()
                + (direct == null ? 0 : direct.memoryBytes())
                + (long) firstEntry.length * (Integer.BYTES + Long.BYTES)
                + (long) entrySupportIndex.length * (Integer.BYTES + Long.BYTES)
                + supportBytes;
    }

    /**
     * Fills chain[0..] with the nodes of the context {@code history[0..length)} read most recent
     * token first (chain[0] the empty context, BOS before the document's start) and returns the
     * depth of the longest one seen in training.
     */
    int chain(int[] history, int length, int[] chain) {
        chain[0] = IntSequenceTrie.ROOT;
        int depth = 0;
        while (depth < order - 1) {
            int position = length - 1 - depth;
            int token = position >= 0 ? history[position] : TokenIds.BOS;
            int next = depth == 0 && direct != null
                    ? direct.firstOrderContextOf(token)
                    : contexts.find(chain[depth], token);
            if (next == IntSequenceTrie.ABSENT) {
                break;
            }
            chain[++depth] = next;
        }
        return depth;
    }

    /** The node's entries are {@code firstEntry(node)} inclusive to {@code endEntry(node)} exclusive. */
    int firstEntry(int node) {
        return firstEntry[node];
    }

    int endEntry(int node) {
        return firstEntry[node + 1];
    }

    /** The support index an entry continues its context with. */
    int entryIndex(int e) {
        return entrySupportIndex[e];
    }

    long entryCount(int node, int e) {
        return e == firstEntry[node] ? entryCumulative[e] : entryCumulative[e] - entryCumulative[e - 1];
    }

    /** c(h w) for the node h and the support index of w; 0 when unseen. */
    long count(int node, int index) {
        if (node == IntSequenceTrie.ROOT && rootIsSupport) {
            return entryCount(node, firstEntry[node] + index);
        }
        int e = Arrays.binarySearch(entrySupportIndex, firstEntry[node], firstEntry[node + 1], index);
        return e < 0 ? 0 : entryCount(node, e);
    }

    /** c(h .), the node's total count. */
    long total(int node) {
        return entryCumulative[firstEntry[node + 1] - 1];
    }

    /** N1+(h .), how many distinct tokens follow the node's context. */
    int distinct(int node) {
        return firstEntry[node + 1] - firstEntry[node];
    }

    long maxCount(int node) {
        return maxCount[node];
    }

    /**
     * The support index of the node's continuation at {@code u} on the scale of the discounted
     * cumulative counts {@code C(e) - discount (e - first + 1)}; 0 <= u < total - discount * distinct.
     */
    int drawObserved(int node, double discount, double u) {
        int lo = firstEntry[node];
        int hi = firstEntry[node + 1] - 1;
        int first = lo;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (entryCumulative[mid] - discount * (mid - first + 1) > u) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return entrySupportIndex[lo];
    }
}
