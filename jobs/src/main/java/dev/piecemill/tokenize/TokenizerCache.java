package dev.piecemill.tokenize;

import dev.piecemill.piece.PieceModel;
import dev.piecemill.piece.Tokenizer;
import dev.piecemill.spark.ExecutorCache;
import org.apache.spark.broadcast.Broadcast;

/** One Tokenizer per executor JVM and broadcast model: its trie is built once, not per task. */
final class TokenizerCache {
    private TokenizerCache() {}

    static Tokenizer get(Broadcast<PieceModel> model) {
        return ExecutorCache.get(model, () -> new Tokenizer(model.value()));
    }
}
