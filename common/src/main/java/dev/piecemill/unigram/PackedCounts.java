package dev.piecemill.unigram;

import dev.piecemill.util.ByteString;
import it.unimi.dsi.fastutil.objects.Object2LongMap;
import it.unimi.dsi.fastutil.objects.Object2LongOpenHashMap;
import java.io.Serializable;
import java.util.Arrays;

/**
 * Byte strings with counts in three arrays: how seed candidates travel through a shuffle and to
 * the driver (Java serialization of one object per string would cost more than finding them).
 */
public final class PackedCounts implements Serializable {
    private static final long serialVersionUID = 1L;
    private final byte[] data;
    private final int[] ends;
    private final long[] counts;

    private PackedCounts(byte[] data, int[] ends, long[] counts) {
        this.data = data;
        this.ends = ends;
        this.counts = counts;
    }

    public static PackedCounts of(Iterable<? extends Object2LongMap.Entry<ByteString>> entries) {
        int n = 0;
        int bytes = 0;
        for (Object2LongMap.Entry<ByteString> e : entries) {
            n++;
            bytes += e.getKey().length();
        }
        byte[] data = new byte[bytes];
        int[] ends = new int[n];
        long[] counts = new long[n];
        int i = 0;
        int at = 0;
        for (Object2LongMap.Entry<ByteString> e : entries) {
            byte[] b = e.getKey().bytes();
            System.arraycopy(b, 0, data, at, b.length);
            at += b.length;
            ends[i] = at;
            counts[i++] = e.getLongValue();
        }
        return new PackedCounts(data, ends, counts);
    }

    public int size() {
        return ends.length;
    }

    /** Adds every count into {@code sums}. */
    public void addTo(Object2LongOpenHashMap<ByteString> sums) {
        for (int i = 0; i < ends.length; i++) {
            int start = i == 0 ? 0 : ends[i - 1];
            sums.addTo(ByteString.wrap(Arrays.copyOfRange(data, start, ends[i])), counts[i]);
        }
    }

    /** This block split by a hash of the strings into {@code parts} blocks (for a shuffle). */
    public PackedCounts[] split(int parts) {
        @SuppressWarnings({"unchecked", "rawtypes"}) // Java makes no array of a generic type
        java.util.List<Object2LongMap.Entry<ByteString>>[] lists = new java.util.List[parts];
        for (int p = 0; p < parts; p++) {
            lists[p] = new java.util.ArrayList<>();
        }
        for (int i = 0; i < ends.length; i++) {
            int start = i == 0 ? 0 : ends[i - 1];
            ByteString s = ByteString.wrap(Arrays.copyOfRange(data, start, ends[i]));
            int p = Math.floorMod(s.hashCode() * 0x9E3779B9, parts);
            lists[p].add(new it.unimi.dsi.fastutil.objects.AbstractObject2LongMap.BasicEntry<>(s, counts[i]));
        }
        PackedCounts[] out = new PackedCounts[parts];
        for (int p = 0; p < parts; p++) {
            out[p] = of(lists[p]);
        }
        return out;
    }
}
