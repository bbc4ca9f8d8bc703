package dev.piecemill.lm;

/** Perplexity of documents under a model. */
public final class Perplexity {
    private Perplexity() {}

    /**
     * exp(- mean ln P) over every content token of every document and each document's EOS, tokens
     * outside the model's support left out (see {@link LogLoss}). With smoothing NONE one unseen
     * event (token after a context) makes it +infinity. NaN for no documents.
     */
    public static double of(NgramLanguageModel model, Iterable<int[]> documents) {
        LogLoss total = LogLoss.ZERO;
        for (int[] document : documents) {
            total = total.plus(LogLoss.of(model, document));
        }
        return total.perplexity();
    }
}
