package dev.piecemill.lm;

import it.unimi.dsi.fastutil.ints.IntArrayList;
import it.unimi.dsi.fastutil.longs.LongArrayList;
import java.util.Arrays;

/**
 * Counts n-grams of one length n as the depth-n nodes of an {@link IntSequenceTrie} (tokens
 * oldest first), with no object per n-gram. The one counter of token n-grams: a language model's
 * BOS-padded n-grams and a corpus's n-grams for metrics, in memory and in each Spark task alike.
 */
public final class NgramTally {
    /** Sees one n-gram (oldest token first) and its count; the array is reused between calls. */
    @FunctionalInterface
    public interface Consumer {
        void accept(int[] ngram, long count);
    }

    private final int n;
    private final IntSequenceTrie trie = new IntSequenceTrie();
    /** Count of each trie node; only depth-n nodes are n-grams. */
    private final LongArrayList counts = new LongArrayList();
    /** The depth-n nodes in the order they were first counted. */
    private final IntArrayList leaves = new IntArrayList();

    private int[] padded = new int[64];

    public NgramTally(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be >= 1, got " + n);
        }
        this.n = n;
    }

    public int n() {
        return n;
    }

    /** Adds {@code count} occurrences of {@code tokens[from .. from + n)}. */
    public void add(int[] tokens, int from, long count) {
        if (count < 1) {
            throw new IllegalArgumentException("an n-gram count must be positive, got " + count);
        }
        int node = IntSequenceTrie.ROOT;
        for (int i = from; i < from + n; i++) {
            node = trie.child(node, tokens[i]);
        }
        while (counts.size() < trie.size()) {
            counts.add(0);
        }
        long before = counts.getLong(node);
        if (before == 0) {
            leaves.add(node);
        }
        counts.set(node, before + count);
    }

    /** Adds every n-gram inside the document (none when it is shorter than n). */
    public void addWithin(int[] document) {
        for (int start = 0; start + n <= document.length; start++) {
            add(document, start, 1);
        }
    }

    /**
     * Adds the events a language model of order n learns from a document: every content token
     * and the closing EOS, each with the n - 1 tokens before it, BOS-padded
     * ({@code <bos>^(n-1) w1 .. wk <eos>}).
     */
    public void addPaddedDocument(int[] document) {
        TokenIds.requireContent(document);
        int pad = n - 1;
        int length = pad + document.length + 1;
        if (padded.length < length) {
            padded = new int[Math.max(length, 2 * padded.length)];
        }
        Arrays.fill(padded, 0, pad, TokenIds.BOS);
        System.arraycopy(document, 0, padded, pad, document.length);
        padded[length - 1] = TokenIds.EOS;
        for (int end = pad; end < length; end++) {
            add(padded, end - pad, 1);
        }
    }

    /** Number of distinct n-grams. */
    public int distinct() {
        return leaves.size();
    }

    /** Every n-gram with its count, in the order each was first added. */
    public void forEach(Consumer consumer) {
        int[] ngram = new int[n];
        for (int i = 0; i < leaves.size(); i++) {
            ngramAt(i, ngram);
            consumer.accept(ngram, countAt(i));
        }
    }

    /** Writes the i-th distinct n-gram (in first-added order, 0 <= i < distinct()) into {@code out}. */
    public void ngramAt(int i, int[] out) {
        int node = leaves.getInt(i);
        for (int k = n - 1; k >= 0; k--) {
            out[k] = trie.symbol(node);
            node = trie.parent(node);
        }
    }

    /** The count of the i-th distinct n-gram. */
    public long countAt(int i) {
        return counts.getLong(leaves.getInt(i));
    }
}
