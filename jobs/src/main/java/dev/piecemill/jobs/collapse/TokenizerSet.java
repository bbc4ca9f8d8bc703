package dev.piecemill.jobs.collapse;

import dev.piecemill.jobs.spark.ExecutorTokenizers;
import dev.piecemill.piece.PieceModel;
import dev.piecemill.piece.Tokenizer;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.broadcast.Broadcast;

/**
 * The tokenizer of each replicate in one generation: all the same one with a fixed tokenizer,
 * one each when retrained. Broadcast once; each executor builds each distinct tokenizer once.
 */
final class TokenizerSet implements Serializable {
    private static final long serialVersionUID = 1L;
    private final PieceModel[] distinct;
    private final int[] modelOfReplicate;

    private TokenizerSet(PieceModel[] distinct, int[] modelOfReplicate) {
        this.distinct = distinct;
        this.modelOfReplicate = modelOfReplicate;
    }

    /** The same model for every replicate. */
    static TokenizerSet shared(PieceModel model, int replicates) {
        return new TokenizerSet(new PieceModel[] {model}, new int[replicates]);
    }

    /** Replicate r's model is {@code models.get(r)}; models that are the same object are built once. */
    static TokenizerSet of(List<PieceModel> models) {
        Map<PieceModel, Integer> index = new IdentityHashMap<>();
        List<PieceModel> distinct = new ArrayList<>();
        int[] modelOf = new int[models.size()];
        for (int r = 0; r < models.size(); r++) {
            modelOf[r] = index.computeIfAbsent(models.get(r), m -> {
                distinct.add(m);
                return distinct.size() - 1;
            });
        }
        return new TokenizerSet(distinct.toArray(PieceModel[]::new), modelOf);
    }

    PieceModel model(int replicate) {
        return distinct[modelOfReplicate[slot(replicate)]];
    }

    /** Replicate r's tokenizer on this executor ({@link CorpusTable#SHARED} reads replicate 0's). */
    static Tokenizer tokenizer(Broadcast<TokenizerSet> set, int replicate) {
        Tokenizer[] built = ExecutorTokenizers.of(set, () -> set.value().distinct);
        TokenizerSet value = set.value();
        return built[value.modelOfReplicate[value.slot(replicate)]];
    }

    private int slot(int replicate) {
        return replicate == CorpusTable.SHARED ? 0 : replicate;
    }
}
