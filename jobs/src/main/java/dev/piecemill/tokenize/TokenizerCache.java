package dev.piecemill.tokenize;

import dev.piecemill.piece.PieceModel;
import dev.piecemill.piece.Tokenizer;
import org.apache.spark.broadcast.Broadcast;

/** One Tokenizer per executor JVM and broadcast model: its trie is built once, not per task. */
final class TokenizerCache {
    private static long cachedId = -1;
    private static Tokenizer cached;

    private TokenizerCache() {}

    static synchronized Tokenizer get(Broadcast<PieceModel> model) {
        if (cached == null || cachedId != model.id()) {
            cached = new Tokenizer(model.value());
            cachedId = model.id();
        }
        return cached;
    }
}
