package dev.piecemill.unigram;

import dev.piecemill.util.ByteString;
import dev.piecemill.util.UserError;
import it.unimi.dsi.fastutil.objects.Object2LongMap;
import it.unimi.dsi.fastutil.objects.Object2LongOpenHashMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Seed pieces of one block of chunks: every substring that occurs at least twice and is
 * right-branching (the node of a suffix tree: extending it by a byte lowers its count), trimmed
 * by the {@link SeedRules}, with its count in the block. A string that always continues the
 * same way is dominated by its extension (same count, longer), so nodes are the only candidates
 * the frequency x length score can prefer. The suffix tree is walked as LCP intervals of a
 * suffix array; nothing is hashed per position.
 */
public final class SeedExtractor {
    private static final int SENTINEL = 0;
    private static final int SEPARATOR = 1;
    private static final int BYTE_OFFSET = 2;

    private final SeedRules rules;

    public SeedExtractor(SeedRules rules) {
        this.rules = rules;
    }

    /**
     * The best {@code limit} candidates of the block by count x length (ties by bytes), with
     * their counts in the block. Single bytes are left out (every vocabulary holds them).
     */
    public Object2LongOpenHashMap<ByteString> candidates(List<byte[]> chunks, int limit) {
        int[] text = concatenate(chunks);
        int[] sa = SuffixArray.build(text, 256 + BYTE_OFFSET);
        int[] lcp = SuffixArray.lcp(text, sa, rules.maxPieceBytes() + 1);
        SeedRules.ByteSource source = i -> {
            int v = text[i];
            return v < BYTE_OFFSET ? -1 : v - BYTE_OFFSET;
        };
        Found found = new Found();
        int n = text.length;
        // Bottom-up traversal of the LCP intervals: a stack of (depth, left bound).
        int[] stackDepth = new int[rules.maxPieceBytes() + 3];
        int[] stackLeft = new int[rules.maxPieceBytes() + 3];
        int top = 0;
        stackDepth[0] = 0;
        stackLeft[0] = 0;
        for (int i = 1; i <= n; i++) {
            int depth = i < n ? lcp[i] : 0;
            int left = i - 1;
            while (depth < stackDepth[top]) {
                int nodeDepth = stackDepth[top];
                int nodeLeft = stackLeft[top];
                top--;
                int parentDepth = Math.max(depth, stackDepth[top]);
                // Only a prefix longer than the parent's depth is this node's own string.
                if (Math.min(nodeDepth, rules.maxPieceBytes()) > parentDepth) {
                    int start = sa[nodeLeft];
                    int length = rules.longestValidPrefix(source, start, nodeDepth);
                    if (length > parentDepth && length > 1) {
                        found.add(start, length, i - nodeLeft);
                    }
                }
                left = nodeLeft;
            }
            if (depth > stackDepth[top]) {
                top++;
                stackDepth[top] = depth;
                stackLeft[top] = left;
            }
        }
        return found.best(text, limit);
    }

    /** Bytes shifted by 2, a separator after every chunk and the sentinel at the end. */
    private static int[] concatenate(List<byte[]> chunks) {
        long total = 1;
        for (byte[] c : chunks) {
            total += c.length + 1;
        }
        if (total > Integer.MAX_VALUE - 16) {
            throw new UserError("a seed block of " + total + " bytes is over the 2 GiB limit");
        }
        int[] text = new int[(int) total];
        int p = 0;
        for (byte[] c : chunks) {
            for (byte b : c) {
                text[p++] = (b & 0xFF) + BYTE_OFFSET;
            }
            text[p++] = SEPARATOR;
        }
        text[p] = SENTINEL;
        return text;
    }

    /** The nodes found: where one occurrence starts, its length and count. */
    private static final class Found {
        private int size;
        private int[] starts = new int[1024];
        private int[] lengths = new int[1024];
        private long[] counts = new long[1024];

        void add(int start, int length, long count) {
            if (size == starts.length) {
                starts = Arrays.copyOf(starts, size * 2);
                lengths = Arrays.copyOf(lengths, size * 2);
                counts = Arrays.copyOf(counts, size * 2);
            }
            starts[size] = start;
            lengths[size] = length;
            counts[size] = count;
            size++;
        }

        /** The best {@code limit} by count x length; ties at the cut go to the smaller bytes. */
        Object2LongOpenHashMap<ByteString> best(int[] text, int limit) {
            long[] scores = new long[size];
            for (int i = 0; i < size; i++) {
                scores[i] = counts[i] * lengths[i];
            }
            long threshold = Long.MIN_VALUE;
            if (size > limit) {
                long[] sorted = scores.clone();
                Arrays.sort(sorted);
                threshold = sorted[size - limit];
            }
            Object2LongOpenHashMap<ByteString> out = new Object2LongOpenHashMap<>();
            List<ByteString> tied = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                if (scores[i] > threshold) {
                    out.put(bytes(text, i), counts[i]);
                } else if (scores[i] == threshold) {
                    tied.add(bytes(text, i));
                }
            }
            if (!tied.isEmpty()) {
                Object2LongOpenHashMap<ByteString> tiedCounts = new Object2LongOpenHashMap<>();
                for (int i = 0; i < size; i++) {
                    if (scores[i] == threshold) {
                        tiedCounts.put(bytes(text, i), counts[i]);
                    }
                }
                tied.sort(null);
                for (ByteString s : tied) {
                    if (out.size() >= limit) {
                        break;
                    }
                    out.put(s, tiedCounts.getLong(s));
                }
            }
            return out;
        }

        private ByteString bytes(int[] text, int i) {
            byte[] b = new byte[lengths[i]];
            for (int j = 0; j < b.length; j++) {
                b[j] = (byte) (text[starts[i] + j] - BYTE_OFFSET);
            }
            return ByteString.wrap(b);
        }
    }

    /** The best {@code limit} of summed candidate counts by count x length, ties by bytes. */
    public static List<Object2LongMap.Entry<ByteString>> best(Object2LongOpenHashMap<ByteString> summed, int limit) {
        List<Object2LongMap.Entry<ByteString>> all = new ArrayList<>(summed.object2LongEntrySet());
        all.sort((a, b) -> {
            int c = Long.compare(
                    b.getLongValue() * b.getKey().length(),
                    a.getLongValue() * a.getKey().length());
            return c != 0 ? c : a.getKey().compareTo(b.getKey());
        });
        return all.subList(0, Math.min(limit, all.size()));
    }
}
