package dev.piecemill.lm;

/** Perplexity of documents under a model. */
public final class Perplexity {
    private Perplexity() {}

    /**
     * exp(- mean ln P) over every content token of every document and each document's EOS. With
     * smoothing NONE one unseen event (token, or context) makes it +infinity, and so does any
     * token outside the model's support under any smoothing. NaN for no documents.
     */
    public static double of(NgramLanguageModel model, Iterable<int[]> documents) {
        double logSum = 0;
        long events = 0;
        for (int[] document : documents) {
            for (int i = 0; i <= document.length; i++) {
                int token = i < document.length ? document[i] : TokenIds.EOS;
                logSum += Math.log(model.probability(document, i, token));
                events++;
            }
        }
        return events == 0 ? Double.NaN : Math.exp(-logSum / events);
    }
}
