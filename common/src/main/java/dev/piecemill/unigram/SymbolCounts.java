package dev.piecemill.unigram;

import dev.piecemill.util.ByteString;
import it.unimi.dsi.fastutil.ints.Int2LongMap;
import it.unimi.dsi.fastutil.ints.Int2LongOpenHashMap;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Occurrences of every byte value and of every multi-byte UTF-8 character in the training text:
 * the pieces every vocabulary starts from. A character is counted under its bytes packed into an
 * int (at most four, the lead byte decides how many), so counting allocates nothing per character.
 */
public final class SymbolCounts implements Serializable {
    private static final long serialVersionUID = 1L;
    private final long[] bytes = new long[256];
    private final Int2LongOpenHashMap characters = new Int2LongOpenHashMap();

    public static SymbolCounts of(Iterable<byte[]> chunks) {
        SymbolCounts counts = new SymbolCounts();
        for (byte[] chunk : chunks) {
            counts.add(chunk, 0, chunk.length);
        }
        return counts;
    }

    /** Counts {@code text[from, to)}; bytes that are not part of a whole character count as bytes only. */
    public void add(byte[] text, int from, int to) {
        for (int i = from; i < to; i++) {
            int lead = text[i] & 0xFF;
            bytes[lead]++;
            int length = SeedRules.sequenceLength(lead);
            if (length > 1 && i + length <= to && continues(text, i + 1, i + length)) {
                int packed = 0;
                for (int j = i; j < i + length; j++) {
                    packed = packed << 8 | (text[j] & 0xFF);
                }
                characters.addTo(packed, 1);
            }
        }
    }

    private static boolean continues(byte[] text, int from, int to) {
        for (int j = from; j < to; j++) {
            if (!SeedRules.isContinuation(text[j] & 0xFF)) {
                return false;
            }
        }
        return true;
    }

    /** Adds {@code other}'s counts to these; returns this. */
    public SymbolCounts merge(SymbolCounts other) {
        for (int b = 0; b < 256; b++) {
            bytes[b] += other.bytes[b];
        }
        for (Int2LongMap.Entry e : other.characters.int2LongEntrySet()) {
            characters.addTo(e.getIntKey(), e.getLongValue());
        }
        return this;
    }

    public long byteCount(int b) {
        return bytes[b];
    }

    /** The multi-byte characters with their counts, in byte order (an order independent of hashing). */
    public List<Character> characters() {
        List<Character> out = new ArrayList<>(characters.size());
        for (Int2LongMap.Entry e : characters.int2LongEntrySet()) {
            out.add(new Character(unpack(e.getIntKey()), e.getLongValue()));
        }
        out.sort(Comparator.comparing(Character::bytes));
        return out;
    }

    private static ByteString unpack(int packed) {
        int length = packed >>> 24 != 0 ? 4 : packed >>> 16 != 0 ? 3 : 2;
        byte[] b = new byte[length];
        for (int j = length - 1; j >= 0; j--) {
            b[j] = (byte) packed;
            packed >>>= 8;
        }
        return ByteString.wrap(b);
    }

    /** One multi-byte character and how often it occurs. */
    public record Character(ByteString bytes, long count) {}
}
