package dev.piecemill.piece;

import java.util.Arrays;

/**
 * A double-array trie over bytes: the transition from node {@code s} on byte {@code b} is node
 * {@code t = base[s] + b + 1} when {@code check[t] == s}. No objects per node, no allocation when
 * walking: the matcher behind every tokenization. A node's base, check and value sit side by
 * side in one int array, so a step touches one cache line.
 */
public final class ByteTrie {
    /** Returned by {@link #next} when there is no transition. */
    public static final int NONE = -1;

    private static final int FREE = -1;
    private static final int ALPHABET = 256;

    /** Ints per node in {@link #units()}: base, check, value, padding. */
    public static final int STRIDE = 4;

    final int[] units;

    private ByteTrie(int[] base, int[] check, int[] value) {
        units = new int[base.length * STRIDE];
        for (int i = 0; i < base.length; i++) {
            units[i * STRIDE] = base[i];
            units[i * STRIDE + 1] = check[i];
            units[i * STRIDE + 2] = value[i];
        }
    }

    /** The node reached from {@code node} by {@code b}, or {@link #NONE}. The root is node 0. */
    public int next(int node, byte b) {
        int t = units[node * STRIDE] + (b & 0xFF) + 1;
        return units[t * STRIDE + 1] == node ? t : NONE;
    }

    /** The value stored at a node (the key's index), or -1 when no key ends there. */
    public int value(int node) {
        return units[node * STRIDE + 2];
    }

    /**
     * The nodes packed as {@link #STRIDE} ints each (base, check, value), for hot loops that
     * inline {@link #next}; not a copy: do not modify.
     */
    public int[] units() {
        return units;
    }

    /** Number of node slots (memory is 16 bytes per slot). */
    public int size() {
        return units.length / STRIDE;
    }

    /**
     * Builds the trie of {@code keys}; the value of {@code keys[i]} is {@code i}. Keys must be
     * non-empty and distinct.
     */
    public static ByteTrie build(byte[][] keys) {
        byte[][] sorted = keys;
        int[] values = new int[keys.length];
        for (int i = 0; i < values.length; i++) {
            values[i] = i;
        }
        if (!strictlySorted(keys)) { // a trainer's vocabulary usually is: then no sort at all
            Integer[] order = new Integer[keys.length];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (a, b) -> Arrays.compareUnsigned(keys[a], keys[b]));
            sorted = new byte[keys.length][];
            for (int i = 0; i < order.length; i++) {
                sorted[i] = keys[order[i]];
                values[i] = order[i];
            }
        }
        Builder builder = new Builder(sorted, values);
        builder.place(0, sorted.length, 0, 0);
        return builder.finish();
    }

    private static boolean strictlySorted(byte[][] keys) {
        for (int i = 1; i < keys.length; i++) {
            if (Arrays.compareUnsigned(keys[i - 1], keys[i]) >= 0) {
                return false;
            }
        }
        return true;
    }

    private static final class Builder {
        private final byte[][] keys;
        private final int[] values;
        private int[] base;
        private int[] check;
        private int[] value;
        private int nextCheckPos = 1;
        private int maxUsed = 0;
        private final int[] labels = new int[ALPHABET];
        private final int[] childStart = new int[ALPHABET + 1];

        Builder(byte[][] keys, int[] values) {
            this.keys = keys;
            this.values = values;
            int capacity = Math.max(1024, keys.length * 4);
            base = new int[capacity];
            check = new int[capacity];
            value = new int[capacity];
            Arrays.fill(check, FREE);
            Arrays.fill(value, -1);
            check[0] = Integer.MIN_VALUE; // the root is taken
        }

        /** Places the children of {@code node}, whose keys are {@code keys[lo, hi)} sharing {@code depth} bytes. */
        void place(int lo, int hi, int depth, int node) {
            int i = lo;
            if (i < hi && keys[i].length == depth) {
                value[node] = values[i];
                i++;
            }
            int childCount = 0;
            for (int j = i; j < hi; j++) {
                int label = keys[j][depth] & 0xFF;
                if (childCount == 0 || labels[childCount - 1] != label) {
                    labels[childCount] = label;
                    childStart[childCount] = j;
                    childCount++;
                }
            }
            if (childCount == 0) {
                return;
            }
            childStart[childCount] = hi;
            int[] myLabels = Arrays.copyOf(labels, childCount);
            int[] myStarts = Arrays.copyOf(childStart, childCount + 1);
            int b = findBase(myLabels);
            base[node] = b;
            for (int label : myLabels) {
                check[b + label + 1] = node;
            }
            for (int c = 0; c < childCount; c++) {
                place(myStarts[c], myStarts[c + 1], depth + 1, b + myLabels[c] + 1);
            }
        }

        private int findBase(int[] childLabels) {
            int first = childLabels[0] + 1;
            int pos = Math.max(nextCheckPos, first + 1);
            int occupiedSeen = 0;
            boolean firstGap = true;
            while (true) {
                ensureCapacity(pos + ALPHABET + 2);
                if (check[pos] != FREE) {
                    occupiedSeen++;
                    pos++;
                    continue;
                }
                if (firstGap) {
                    // Skip densely packed prefixes next time (the darts heuristic).
                    if (occupiedSeen > 0 && (double) occupiedSeen / (pos - nextCheckPos + 1) >= 0.95) {
                        nextCheckPos = pos;
                    }
                    firstGap = false;
                }
                int b = pos - first;
                boolean fits = true;
                for (int k = 1; k < childLabels.length; k++) {
                    if (check[b + childLabels[k] + 1] != FREE) {
                        fits = false;
                        break;
                    }
                }
                if (fits) {
                    maxUsed = Math.max(maxUsed, b + childLabels[childLabels.length - 1] + 1);
                    return b;
                }
                pos++;
            }
        }

        private void ensureCapacity(int size) {
            if (size <= base.length) {
                return;
            }
            int capacity = Math.max(size, base.length * 2);
            int old = base.length;
            base = Arrays.copyOf(base, capacity);
            check = Arrays.copyOf(check, capacity);
            value = Arrays.copyOf(value, capacity);
            Arrays.fill(check, old, capacity, FREE);
            Arrays.fill(value, old, capacity, -1);
        }

        ByteTrie finish() {
            // Room for base + 256 + 1 past the last node so next() never indexes out of range.
            int size = maxUsed + ALPHABET + 2;
            ensureCapacity(size);
            return new ByteTrie(Arrays.copyOf(base, size), Arrays.copyOf(check, size), Arrays.copyOf(value, size));
        }
    }
}
