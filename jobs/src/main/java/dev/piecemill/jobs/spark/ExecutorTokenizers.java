package dev.piecemill.jobs.spark;

import dev.piecemill.piece.PieceModel;
import dev.piecemill.piece.Tokenizer;
import java.util.function.Supplier;
import org.apache.spark.broadcast.Broadcast;

/**
 * The tokenizers every job uses on its executors: one per executor JVM and broadcast, so a
 * model's trie is built once, not per task (a Tokenizer is safe to share between task threads).
 */
public final class ExecutorTokenizers {
    private ExecutorTokenizers() {}

    /** The broadcast model's tokenizer on this executor. */
    public static Tokenizer of(Broadcast<PieceModel> model) {
        return ExecutorCache.get(model, () -> new Tokenizer(model.value()));
    }

    /** One tokenizer for each of the models a broadcast holds, in their order. */
    public static Tokenizer[] of(Broadcast<?> broadcast, Supplier<PieceModel[]> models) {
        return ExecutorCache.get(broadcast, () -> {
            PieceModel[] each = models.get();
            Tokenizer[] tokenizers = new Tokenizer[each.length];
            for (int i = 0; i < each.length; i++) {
                tokenizers[i] = new Tokenizer(each[i]);
            }
            return tokenizers;
        });
    }
}
