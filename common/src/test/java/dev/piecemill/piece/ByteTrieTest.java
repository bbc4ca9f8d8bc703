package dev.piecemill.piece;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The double-array trie finds exactly its keys, with their indexes, for any bytes including 0x00 and 0xFF. */
class ByteTrieTest {
    /** Walks {@code key} from the root; the node reached, or NONE. */
    private static int walk(ByteTrie trie, byte[] key) {
        int node = 0;
        for (byte b : key) {
            node = trie.next(node, b);
            if (node == ByteTrie.NONE) {
                return ByteTrie.NONE;
            }
        }
        return node;
    }

    /** The key's index, or -1 when it is not a key. */
    private static int lookup(ByteTrie trie, byte[] key) {
        int node = walk(trie, key);
        return node == ByteTrie.NONE ? -1 : trie.value(node);
    }

    /**
     * Distinct keys of 1..40 bytes in random order: half over a tiny alphabet at the byte range's
     * edges (long shared prefixes, many branches at 0x00 and 0xFF), half uniformly random.
     */
    private static byte[][] randomKeys(SplittableRandom random, int count) {
        byte[] edges = {0x00, 0x01, 0x7F, (byte) 0x80, (byte) 0xFE, (byte) 0xFF};
        Set<ByteBuffer> seen = new HashSet<>();
        List<byte[]> keys = new ArrayList<>();
        while (keys.size() < count) {
            byte[] key = new byte[1 + random.nextInt(40)];
            boolean tiny = random.nextBoolean();
            for (int i = 0; i < key.length; i++) {
                key[i] = tiny ? edges[random.nextInt(edges.length)] : (byte) random.nextInt(256);
            }
            if (seen.add(ByteBuffer.wrap(key))) {
                keys.add(key);
            }
        }
        return keys.toArray(new byte[0][]);
    }

    @Test
    void everyKeyIsFoundWithItsIndex() {
        SplittableRandom random = new SplittableRandom(11);
        byte[][] keys = randomKeys(random, 4000);
        ByteTrie trie = ByteTrie.build(keys);
        for (int i = 0; i < keys.length; i++) {
            assertEquals(i, lookup(trie, keys[i]), "key " + i);
        }
    }

    @Test
    void nonKeysAreNotFound() {
        SplittableRandom random = new SplittableRandom(12);
        byte[][] keys = randomKeys(random, 4000);
        ByteTrie trie = ByteTrie.build(keys);
        Set<ByteBuffer> keySet = new HashSet<>();
        for (byte[] key : keys) {
            keySet.add(ByteBuffer.wrap(key));
        }
        // Random strings (many share prefixes with keys) and every proper prefix of a key.
        List<byte[]> probes = new ArrayList<>(List.of(randomKeys(random, 4000)));
        for (byte[] key : keys) {
            for (int length = 1; length < key.length; length++) {
                probes.add(java.util.Arrays.copyOf(key, length));
            }
            byte[] longer = java.util.Arrays.copyOf(key, key.length + 1);
            longer[key.length] = (byte) random.nextInt(256);
            probes.add(longer);
        }
        int checked = 0;
        for (byte[] probe : probes) {
            if (!keySet.contains(ByteBuffer.wrap(probe))) {
                assertEquals(-1, lookup(trie, probe), "non-key " + java.util.Arrays.toString(probe));
                checked++;
            }
        }
        assertTrue(checked > 50_000, "enough non-keys probed: " + checked);
    }

    /** From any node on a key's path, a byte leads somewhere exactly when some key continues with it. */
    @Test
    void transitionsExistExactlyForKeyPrefixes() {
        SplittableRandom random = new SplittableRandom(13);
        byte[][] keys = randomKeys(random, 2000);
        ByteTrie trie = ByteTrie.build(keys);
        Map<ByteBuffer, Set<Integer>> continuations = new HashMap<>();
        for (byte[] key : keys) {
            for (int length = 0; length < key.length; length++) {
                continuations
                        .computeIfAbsent(ByteBuffer.wrap(java.util.Arrays.copyOf(key, length)), k -> new HashSet<>())
                        .add(key[length] & 0xFF);
            }
        }
        for (Map.Entry<ByteBuffer, Set<Integer>> e : continuations.entrySet()) {
            int node = walk(trie, e.getKey().array());
            assertNotEquals(ByteTrie.NONE, node, "a key prefix is a node");
            for (int b = 0; b < 256; b++) {
                boolean present = trie.next(node, (byte) b) != ByteTrie.NONE;
                assertEquals(e.getValue().contains(b), present, "byte " + b + " after a prefix");
            }
        }
    }

    /** Tokenizer models hold every single byte: all 256 one-byte keys, plus longer ones. */
    @Test
    void everyByteIsFoundAndAnEmptyTrieFindsNone() {
        byte[][] keys = new byte[258][];
        for (int b = 0; b < 256; b++) {
            keys[255 - b] = new byte[] {(byte) b}; // reverse order: the value is the index, not the byte
        }
        keys[256] = new byte[] {(byte) 0xFF, 0x00};
        keys[257] = new byte[] {0x00, (byte) 0xFF};
        ByteTrie trie = ByteTrie.build(keys);
        for (int i = 0; i < keys.length; i++) {
            assertEquals(i, lookup(trie, keys[i]));
        }
        assertEquals(-1, lookup(trie, new byte[] {0x00, 0x00}));
        ByteTrie empty = ByteTrie.build(new byte[0][]);
        for (int b = 0; b < 256; b++) {
            assertEquals(ByteTrie.NONE, empty.next(0, (byte) b));
        }
    }
}
