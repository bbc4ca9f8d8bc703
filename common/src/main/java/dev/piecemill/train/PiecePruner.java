package dev.piecemill.train;

import dev.piecemill.piece.PieceModel;
import dev.piecemill.piece.Tokenizer;
import dev.piecemill.util.ByteString;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import it.unimi.dsi.fastutil.objects.Object2LongMap;
import it.unimi.dsi.fastutil.objects.Object2LongOpenHashMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The reference's pruning of counted pieces into vocabularies: keep the frequent short ones and
 * split the others into them, drop "wasted" pieces (ones no piece's own segmentation uses) until
 * nothing changes, then cut to each size, largest first, splitting and dropping again.
 */
public final class PiecePruner {
    private final TrainerOptions options;

    public PiecePruner(TrainerOptions options) {
        this.options = options;
    }

    /** Rule 2: single bytes always stay; others when short enough and frequent enough. */
    public static boolean keeps(int length, long count, TrainerOptions options) {
        return length == 1 || (length <= options.maxPieceLength() && count >= options.minCount());
    }

    /** The kept pieces of a full piece count, every byte added (count 1 when unseen). */
    public Object2LongOpenHashMap<ByteString> keptWithAllBytes(Map<ByteString, Long> counted) {
        Object2LongOpenHashMap<ByteString> kept = new Object2LongOpenHashMap<>();
        counted.forEach((piece, count) -> {
            if (keeps(piece.length(), count, options)) {
                kept.put(piece, (long) count);
            }
        });
        addMissingBytes(kept);
        return kept;
    }

    public static void addMissingBytes(Object2LongOpenHashMap<ByteString> pieces) {
        for (int b = 0; b < 256; b++) {
            pieces.putIfAbsent(ByteString.wrap(new byte[] {(byte) b}), 1L);
        }
    }

    /**
     * Everything after the first split: with {@code kept} already holding the counts the dropped
     * pieces added, removes wasted pieces, then cuts to every size.
     *
     * @return one vocabulary per requested size, in the order the sizes were given
     */
    public List<PieceModel> finish(Object2LongOpenHashMap<ByteString> kept) {
        Object2LongOpenHashMap<ByteString> pieces = removeWasted(kept);
        int[] sizes = options.sizesLargestFirst();
        PieceModel[] bySize = new PieceModel[sizes.length];
        for (int k = 0; k < sizes.length; k++) {
            int room = sizes[k] - PieceModel.FIRST_PIECE_ID;
            if (pieces.size() > room) {
                pieces = removeWasted(cut(pieces, room));
            }
            bySize[k] = toModel(pieces);
        }
        List<PieceModel> models = new ArrayList<>();
        for (int requested : options.vocabSizes()) {
            for (int k = 0; k < sizes.length; k++) {
                if (sizes[k] == requested) {
                    models.add(bySize[k]);
                    break;
                }
            }
        }
        return models;
    }

    /** The whole pruning of a full piece count, on one machine. */
    public List<PieceModel> prune(Map<ByteString, Long> counted) {
        Object2LongOpenHashMap<ByteString> kept = keptWithAllBytes(counted);
        Tokenizer tokenizer = new Tokenizer(toModel(kept));
        long[] added = new long[tokenizer.vocabSize()];
        IntArrayList ids = new IntArrayList();
        counted.forEach((piece, count) -> {
            if (!keeps(piece.length(), count, options)) {
                split(tokenizer, piece.bytes(), count, ids, added);
            }
        });
        return finish(addCounts(kept, tokenizer.model(), added));
    }

    /** Adds {@code count} to each piece of the segmentation of {@code piece}, by id. */
    public static void split(Tokenizer tokenizer, byte[] piece, long count, IntArrayList ids, long[] countsById) {
        ids.clear();
        tokenizer.segmentBytes(piece, 0, piece.length, ids);
        for (int i = 0; i < ids.size(); i++) {
            countsById[ids.getInt(i)] += count;
        }
    }

    /** The pieces with {@code added} (by id in {@code model}) added to their counts. */
    public static Object2LongOpenHashMap<ByteString> addCounts(
            Object2LongOpenHashMap<ByteString> pieces, PieceModel model, long[] added) {
        Object2LongOpenHashMap<ByteString> result = new Object2LongOpenHashMap<>(pieces);
        for (int id = PieceModel.FIRST_PIECE_ID; id < model.vocabSize(); id++) {
            if (added[id] != 0) {
                result.addTo(ByteString.wrap(model.piece(id)), added[id]);
            }
        }
        return result;
    }

    /**
     * Re-segments every piece with the tokenizer of all of them and re-counts from the results,
     * until the number of pieces no longer changes: pieces no segmentation uses disappear.
     */
    static Object2LongOpenHashMap<ByteString> removeWasted(Object2LongOpenHashMap<ByteString> pieces) {
        IntArrayList ids = new IntArrayList();
        while (true) {
            Tokenizer tokenizer = new Tokenizer(toModel(pieces));
            PieceModel model = tokenizer.model();
            long[] counts = new long[model.vocabSize()];
            for (int id = PieceModel.FIRST_PIECE_ID; id < model.vocabSize(); id++) {
                split(tokenizer, model.piece(id), model.count(id), ids, counts);
            }
            Object2LongOpenHashMap<ByteString> next = new Object2LongOpenHashMap<>();
            for (int id = PieceModel.FIRST_PIECE_ID; id < model.vocabSize(); id++) {
                if (counts[id] > 0) {
                    next.put(ByteString.wrap(model.piece(id)), counts[id]);
                }
            }
            boolean stable = next.size() == pieces.size();
            pieces = next;
            if (stable) {
                return pieces;
            }
        }
    }

    /** The reference's cut: the best {@code room} pieces stay, the rest are split into them. */
    static Object2LongOpenHashMap<ByteString> cut(Object2LongOpenHashMap<ByteString> pieces, int room) {
        List<Object2LongMap.Entry<ByteString>> ranked = new ArrayList<>(pieces.object2LongEntrySet());
        ranked.sort(Comparator.<Object2LongMap.Entry<ByteString>>comparingInt(
                        e -> e.getKey().length() > 1 ? 1 : 0)
                .thenComparing(e -> -e.getLongValue(), Comparator.naturalOrder())
                .thenComparingInt(e -> -e.getKey().length())
                .thenComparing(Map.Entry::getKey));
        Object2LongOpenHashMap<ByteString> kept = new Object2LongOpenHashMap<>();
        for (int i = 0; i < room; i++) {
            kept.put(ranked.get(i).getKey(), ranked.get(i).getLongValue());
        }
        Tokenizer tokenizer = new Tokenizer(toModel(kept));
        long[] added = new long[tokenizer.vocabSize()];
        IntArrayList ids = new IntArrayList();
        for (int i = room; i < ranked.size(); i++) {
            split(tokenizer, ranked.get(i).getKey().bytes(), ranked.get(i).getLongValue(), ids, added);
        }
        return addCounts(kept, tokenizer.model(), added);
    }

    /** A model in the reference order (length, then bytes) from a piece count. */
    public static PieceModel toModel(Object2LongOpenHashMap<ByteString> pieces) {
        ByteString[] keys = pieces.keySet().toArray(new ByteString[0]);
        Arrays.sort(keys, Comparator.comparingInt(ByteString::length).thenComparing(Comparator.naturalOrder()));
        byte[][] bytes = new byte[keys.length][];
        long[] counts = new long[keys.length];
        for (int i = 0; i < keys.length; i++) {
            bytes[i] = keys[i].bytes();
            counts[i] = pieces.getLong(keys[i]);
        }
        return new PieceModel(bytes, counts);
    }
}
