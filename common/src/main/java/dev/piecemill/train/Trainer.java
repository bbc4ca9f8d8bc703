package dev.piecemill.train;

import dev.piecemill.piece.PieceModel;
import dev.piecemill.text.TextNormalizer;
import dev.piecemill.util.ByteString;
import it.unimi.dsi.fastutil.objects.Object2LongOpenHashMap;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * BytePiece training on one machine, in memory: the reference algorithm end to end. The Spark
 * job runs the same steps distributed; this one serves tests and small corpora.
 */
public final class Trainer {
    private final TrainerOptions options;

    public Trainer(TrainerOptions options) {
        this.options = options;
    }

    /** Trains on the texts (read twice, so a supplier of fresh streams); one model per size. */
    public List<PieceModel> train(Supplier<Stream<String>> texts) {
        ByteNgramCounter ngrams = new ByteNgramCounter(options.order());
        texts.get().forEach(text -> chunks(text).forEach(ngrams::add));
        ByteNgramModel model = ByteNgramModel.fromCounts(ngrams.counts(), options.order(), options.minCount());
        PieceCounter pieces = new PieceCounter(model, options.ensureUnicode());
        texts.get().forEach(text -> chunks(text).forEach(pieces::add));
        Object2LongOpenHashMap<ByteString> counted = pieces.drain();
        return new PiecePruner(options).prune(counted);
    }

    /** A text's training chunks: NFC, then the capped (and optionally digit-isolating) pattern. */
    public List<byte[]> chunks(String text) {
        return TextNormalizer.trainingChunks(TextNormalizer.nfc(text), options.isolateDigits());
    }
}
