package dev.piecemill.unigram;

import dev.piecemill.util.Seeds;
import java.io.Serializable;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;

/**
 * Training chunks packed into one byte array, each with the 64-bit key of its document (a hash
 * of the document id), which alone decides whether the chunk is held out for validation and
 * which seed bucket it joins: so neither depends on partitioning. What a cached partition of the
 * train job holds: two arrays, not an object per chunk.
 */
public final class ChunkBlock implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final long BUCKET_SALT = 0x5EEDB10CL;

    private final byte[] bytes;
    private final int[] ends;
    private final long[] keys;

    private ChunkBlock(byte[] bytes, int[] ends, long[] keys) {
        this.bytes = bytes;
        this.ends = ends;
        this.keys = keys;
    }

    /** Whether a document with this key is held out, for a held-out share {@code fraction}. */
    public static boolean heldOut(long key, double fraction) {
        return (key >>> 11) * 0x1p-53 < fraction;
    }

    /** Whether a chunk of a document with this key is in a sample of the given share. */
    public static boolean sampled(long key, double share) {
        return share >= 1 || (Seeds.mix64(key ^ SAMPLE_SALT) >>> 11) * 0x1p-53 < share;
    }

    private static final long SAMPLE_SALT = 0x5A3B1EL;

    /** The seed bucket of a document with this key among {@code buckets}. */
    public static int seedBucket(long key, int buckets) {
        return (int) Long.remainderUnsigned(Seeds.mix64(key ^ BUCKET_SALT), buckets);
    }

    public int chunkCount() {
        return ends.length;
    }

    /** Bytes of the chunks on one side of the validation split. */
    public long byteCount(double validationFraction, boolean validation) {
        long n = 0;
        for (int i = 0; i < ends.length; i++) {
            if (heldOut(keys[i], validationFraction) == validation) {
                n += ends[i] - start(i);
            }
        }
        return n;
    }

    private int start(int i) {
        return i == 0 ? 0 : ends[i - 1];
    }

    /** The chunks on one side of the validation split, as copies (for seed extraction). */
    public List<byte[]> chunks(double validationFraction, boolean validation) {
        int[] selected = select(validationFraction, validation);
        return new AbstractList<>() {
            @Override
            public byte[] get(int index) {
                int i = selected[index];
                return Arrays.copyOfRange(bytes, start(i), ends[i]);
            }

            @Override
            public int size() {
                return selected.length;
            }
        };
    }

    /** The training chunks of the block that fall in one seed bucket, as a block of their own. */
    public ChunkBlock bucket(int bucket, int buckets, double validationFraction) {
        Builder b = new Builder();
        for (int i = 0; i < ends.length; i++) {
            if (!heldOut(keys[i], validationFraction) && seedBucket(keys[i], buckets) == bucket) {
                b.add(bytes, start(i), ends[i], keys[i]);
            }
        }
        return b.build();
    }

    /** Adds the E-step statistics of one side's chunks to {@code totals}. */
    public void addTotals(
            ChunkLattice lattice, PassTotals totals, double validationFraction, boolean validation, double sample) {
        for (int i = 0; i < ends.length; i++) {
            if (heldOut(keys[i], validationFraction) == validation && sampled(keys[i], sample)) {
                lattice.add(bytes, start(i), ends[i], totals);
            }
        }
    }

    /** Counts the bytes and characters of the training chunks into {@code counts}. */
    public void addSymbolCounts(SymbolCounts counts, double validationFraction) {
        for (int i = 0; i < ends.length; i++) {
            if (!heldOut(keys[i], validationFraction)) {
                counts.add(bytes, start(i), ends[i]);
            }
        }
    }

    private int[] select(double validationFraction, boolean validation) {
        int[] selected = new int[ends.length];
        int n = 0;
        for (int i = 0; i < ends.length; i++) {
            if (heldOut(keys[i], validationFraction) == validation) {
                selected[n++] = i;
            }
        }
        return Arrays.copyOf(selected, n);
    }

    /** Packs chunks one by one. */
    public static final class Builder {
        private byte[] bytes = new byte[1 << 16];
        private int[] ends = new int[256];
        private long[] keys = new long[256];
        private int size;
        private int chunks;

        public void add(byte[] chunk, long key) {
            add(chunk, 0, chunk.length, key);
        }

        void add(byte[] source, int from, int to, long key) {
            int n = to - from;
            if (size + n > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(size + n, bytes.length * 2));
            }
            System.arraycopy(source, from, bytes, size, n);
            size += n;
            if (chunks == ends.length) {
                ends = Arrays.copyOf(ends, chunks * 2);
                keys = Arrays.copyOf(keys, chunks * 2);
            }
            ends[chunks] = size;
            keys[chunks++] = key;
        }

        public int bytes() {
            return size;
        }

        public ChunkBlock build() {
            return new ChunkBlock(Arrays.copyOf(bytes, size), Arrays.copyOf(ends, chunks), Arrays.copyOf(keys, chunks));
        }
    }
}
