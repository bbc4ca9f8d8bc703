package dev.piecemill.lm;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The negative log-likelihood of documents under a model, kept so that sums are exact: each
 * document's -ln P is summed in double in token order, then added as a decimal rounded to
 * 10^-18 nats. Any grouping of documents (partitions, executors) gives the same total, bit for
 * bit, which a sum of doubles would not.
 *
 * @param nats       sum of -ln P over the possible events
 * @param events     predicted events: every content token and each document's EOS
 * @param impossible events of probability 0 (unseen under an unsmoothed model, or outside the support)
 */
public record LogLoss(BigDecimal nats, long events, long impossible) implements java.io.Serializable {
    public static final LogLoss ZERO = new LogLoss(BigDecimal.ZERO, 0, 0);
    private static final int SCALE = 18;

    /** The loss of one document: each content token given the ones before it, then EOS. */
    public static LogLoss of(NgramLanguageModel model, int[] document) {
        double nats = 0;
        long impossible = 0;
        for (int i = 0; i <= document.length; i++) {
            int token = i < document.length ? document[i] : TokenIds.EOS;
            double p = model.probability(document, i, token);
            if (p > 0) {
                nats -= Math.log(p);
            } else {
                impossible++;
            }
        }
        return new LogLoss(new BigDecimal(nats).setScale(SCALE, RoundingMode.HALF_EVEN), document.length + 1L, impossible);
    }

    public LogLoss plus(LogLoss other) {
        return new LogLoss(nats.add(other.nats), events + other.events, impossible + other.impossible);
    }

    /** exp(mean -ln P) per event; +infinity when an event was impossible, NaN without events. */
    public double perplexity() {
        if (events == 0) {
            return Double.NaN;
        }
        return impossible > 0 ? Double.POSITIVE_INFINITY : Math.exp(nats.doubleValue() / events);
    }
}
