package dev.piecemill.lm;

/** Perplexity of documents under a model. */
public final class Perplexity {
    private Perplexity() {}

    /**
     * exp(- mean ln P) over every content token of every document and each document's EOS (see
     * {@link LogLoss}). With smoothing NONE one unseen event (token, or context) makes it
     * +infinity, and so does any token outside the model's support under any smoothing. NaN for
     * no documents.
     */
    public static double of(NgramLanguageModel model, Iterable<int[]> documents) {
        LogLoss total = LogLoss.ZERO;
        for (int[] document : documents) {
            total = total.plus(LogLoss.of(model, document));
        }
        return total.perplexity();
    }
}
