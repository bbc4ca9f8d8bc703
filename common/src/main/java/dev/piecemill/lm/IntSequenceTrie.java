package dev.piecemill.lm;

import it.unimi.dsi.fastutil.ints.IntArrayList;
import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;
import java.io.Serializable;

/**
 * Interns sequences of ints as the nodes of a trie with dense int ids: node 0 is the empty
 * sequence, every other node is (parent node, one more symbol). A child is found through one
 * primitive map keyed by {@code parent << 32 | symbol}, so sequences of any length over any
 * int alphabet get exact compact keys (no packing limits on the number or size of ids).
 */
public final class IntSequenceTrie implements Serializable {
    private static final long serialVersionUID = 1L;
    public static final int ROOT = 0;
    public static final int ABSENT = -1;

    private final Long2IntOpenHashMap children = new Long2IntOpenHashMap();
    private final IntArrayList parents = new IntArrayList();
    private final IntArrayList symbols = new IntArrayList();
    private final IntArrayList depths = new IntArrayList();

    public IntSequenceTrie() {
        children.defaultReturnValue(ABSENT);
        parents.add(ABSENT);
        symbols.add(0);
        depths.add(0);
    }

    /** The node of {@code parent}'s sequence extended by {@code symbol}, created when new. */
    public int child(int parent, int symbol) {
        long key = key(parent, symbol);
        int node = children.get(key);
        if (node == ABSENT) {
            node = parents.size();
            children.put(key, node);
            parents.add(parent);
            symbols.add(symbol);
            depths.add(depths.getInt(parent) + 1);
        }
        return node;
    }

    /** The node of {@code parent}'s sequence extended by {@code symbol}, or {@link #ABSENT}. */
    public int find(int parent, int symbol) {
        return children.get(key(parent, symbol));
    }

    /** Number of nodes, the root included. */
    public int size() {
        return parents.size();
    }

    public int parent(int node) {
        return parents.getInt(node);
    }

    /** The last symbol of the node's sequence (the one on the edge from its parent). */
    public int symbol(int node) {
        return symbols.getInt(node);
    }

    /** Length of the node's sequence. */
    public int depth(int node) {
        return depths.getInt(node);
    }

    /** Approximate heap bytes: the child map's open-addressing tables and three ints per node. */
    public long memoryBytes() {
        long table = it.unimi.dsi.fastutil.HashCommon.arraySize(
                children.size(), it.unimi.dsi.fastutil.Hash.DEFAULT_LOAD_FACTOR);
        return table * (Long.BYTES + Integer.BYTES) + 3L * Integer.BYTES * size();
    }

    private static long key(int parent, int symbol) {
        return ((long) parent << 32) | (symbol & 0xFFFF_FFFFL);
    }
}
