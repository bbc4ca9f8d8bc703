package dev.piecemill.lm;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The negative log-likelihood of documents under a model, kept so that sums are exact: each
 * document's -ln P is summed in double in token order, then added as a decimal rounded to
 * 10^-18 nats. Any grouping of documents (partitions, executors) gives the same total, bit for
 * bit, which a sum of doubles would not.
 *
 * <p>Tokens outside the model's support (never seen in training) are counted apart and left out
 * of the perplexity, as SRILM and KenLM report it: a model over seen tokens cannot price them,
 * and one such token would otherwise make any model's perplexity infinite.
 *
 * @param nats       sum of -ln P over the events with positive probability
 * @param events     predicted events inside the support: content tokens and each document's EOS
 * @param impossible events inside the support with probability 0 (unseen under an unsmoothed model)
 * @param outOfVocabulary tokens outside the model's support
 */
public record LogLoss(BigDecimal nats, long events, long impossible, long outOfVocabulary)
        implements java.io.Serializable {
    public static final LogLoss ZERO = new LogLoss(BigDecimal.ZERO, 0, 0, 0);
    private static final int SCALE = 18;

    /** The loss of one document: each content token given the ones before it, then EOS. */
    public static LogLoss of(NgramLanguageModel model, int[] document) {
        double nats = 0;
        long impossible = 0;
        long outOfVocabulary = 0;
        int[] chain = new int[model.order()];
        for (int i = 0; i <= document.length; i++) {
            int token = i < document.length ? document[i] : TokenIds.EOS;
            int index = model.supportIndexOf(token);
            if (index == NgramCounts.OUTSIDE_SUPPORT) {
                outOfVocabulary++;
                continue;
            }
            double p = model.probabilityOfIndex(document, i, index, chain);
            if (p > 0) {
                nats -= Math.log(p);
            } else {
                impossible++;
            }
        }
        return new LogLoss(
                new BigDecimal(nats).setScale(SCALE, RoundingMode.HALF_EVEN),
                document.length + 1L - outOfVocabulary,
                impossible,
                outOfVocabulary);
    }

    public LogLoss plus(LogLoss other) {
        return new LogLoss(
                nats.add(other.nats),
                events + other.events,
                impossible + other.impossible,
                outOfVocabulary + other.outOfVocabulary);
    }

    /** Share of the tokens (EOS included) outside the model's support; NaN without any. */
    public double outOfVocabularyRate() {
        long all = events + outOfVocabulary;
        return all == 0 ? Double.NaN : (double) outOfVocabulary / all;
    }

    /** exp(mean -ln P) per event in the support; +infinity when one was impossible, NaN without events. */
    public double perplexity() {
        if (events == 0) {
            return Double.NaN;
        }
        return impossible > 0 ? Double.POSITIVE_INFINITY : Math.exp(nats.doubleValue() / events);
    }
}
