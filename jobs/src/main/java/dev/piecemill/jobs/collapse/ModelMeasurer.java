package dev.piecemill.jobs.collapse;

import dev.piecemill.lm.LogLoss;
import dev.piecemill.piece.Tokenizer;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import java.io.Serializable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;

/**
 * The model-based metrics of a generation, summed on the executors per replicate with exact
 * {@link LogLoss} sums: held-out real text under the generation's model (tokenized by the
 * generation's tokenizer, which also gives bytes per token). The generation's corpus under the
 * reference's model is scored as it is counted ({@link CorpusStatistics}).
 */
final class ModelMeasurer {
    private ModelMeasurer() {}

    /** Per replicate: the loss of held-out text, and its bytes and tokens under the replicate's tokenizer. */
    record Heldout(LogLoss loss, long bytes, long tokens) implements Serializable {
        static final Heldout ZERO = new Heldout(LogLoss.ZERO, 0, 0);

        Heldout plus(Heldout other) {
            return new Heldout(loss.plus(other.loss), bytes + other.bytes, tokens + other.tokens);
        }

        double bytesPerToken() {
            return tokens == 0 ? Double.NaN : (double) bytes / tokens;
        }
    }

    /** Held-out text under each of {@code replicates}' model and tokenizer. */
    static Map<Integer, Heldout> heldout(
            Dataset<CorpusDocument> heldout,
            List<Integer> replicates,
            Broadcast<LanguageModels> models,
            Broadcast<TokenizerSet> tokenizers) {
        return heldout.javaRDD()
                .mapPartitions(documents -> {
                    Map<Integer, Heldout> sums = new HashMap<>();
                    IntArrayList ids = new IntArrayList();
                    while (documents.hasNext()) {
                        String text = documents.next().getText();
                        Tokenizer encodedWith = null; // replicates sharing a tokenizer share the encoding
                        int[] encoded = null;
                        long bytes = 0;
                        for (int r : replicates) {
                            Tokenizer tokenizer = TokenizerSet.tokenizer(tokenizers, r);
                            if (tokenizer != encodedWith) {
                                ids.clear();
                                bytes = tokenizer.encode(text, false, false, -1, null, ids);
                                encoded = ids.toIntArray();
                                encodedWith = tokenizer;
                            }
                            Heldout one =
                                    new Heldout(LogLoss.of(models.value().model(r), encoded), bytes, encoded.length);
                            sums.merge(r, one, Heldout::plus);
                        }
                    }
                    return List.of(sums).iterator();
                })
                .fold(new HashMap<>(), (a, b) -> merge(a, b, Heldout::plus));
    }

    private static <T> Map<Integer, T> merge(
            Map<Integer, T> a, Map<Integer, T> b, java.util.function.BinaryOperator<T> plus) {
        Map<Integer, T> out = new HashMap<>(a);
        b.forEach((k, v) -> out.merge(k, v, plus));
        return out;
    }
}
