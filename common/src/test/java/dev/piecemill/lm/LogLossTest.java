package dev.piecemill.lm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class LogLossTest {
    @Test
    void anyGroupingOfDocumentsGivesTheSameTotal() {
        TokenCorpus corpus = TestCorpora.zipf(50, 3000, 3);
        NgramLanguageModel model = NgramLanguageModel.train(corpus, 2);
        List<int[]> documents = corpus.documents();
        LogLoss inOrder = LogLoss.ZERO;
        for (int[] d : documents) {
            inOrder = inOrder.plus(LogLoss.of(model, d));
        }
        LogLoss evens = LogLoss.ZERO;
        LogLoss odds = LogLoss.ZERO;
        for (int i = documents.size() - 1; i >= 0; i--) {
            LogLoss one = LogLoss.of(model, documents.get(i));
            if (i % 2 == 0) {
                evens = evens.plus(one);
            } else {
                odds = odds.plus(one);
            }
        }
        assertEquals(inOrder, odds.plus(evens), "exact, not merely close");
        assertEquals(corpus.tokenCount() + documents.size(), inOrder.events());
        // And it is the perplexity: exp of the mean negative log probability.
        double direct = 0;
        for (int[] d : documents) {
            for (int i = 0; i <= d.length; i++) {
                direct -= Math.log(model.probability(d, i, i < d.length ? d[i] : TokenIds.EOS));
            }
        }
        assertEquals(Math.exp(direct / inOrder.events()), inOrder.perplexity(), 1e-12);
    }

    @Test
    void impossibleEventsMakeItInfinite() {
        NgramLanguageModel model = NgramLanguageModel.train(List.of(new int[] {3, 4}), 2, Smoothing.none());
        LogLoss loss = LogLoss.of(model, new int[] {3, 3});
        assertEquals(2, loss.impossible(), "training saw <bos> 3 4 <eos>: 3 after 3 and EOS after 3 are unseen");
        assertEquals(3, loss.events());
        assertEquals(Double.POSITIVE_INFINITY, loss.perplexity());
        assertEquals(Double.NaN, LogLoss.ZERO.perplexity());
    }

    @Test
    void tokensOutsideTheSupportAreCountedApart() {
        NgramLanguageModel model =
                NgramLanguageModel.train(List.of(new int[] {3, 4}, new int[] {4, 3}), 1, Smoothing.kneserNey());
        LogLoss seen = LogLoss.of(model, new int[] {3, 4});
        LogLoss withUnseen = LogLoss.of(model, new int[] {3, 9, 4, 9});
        assertEquals(2, withUnseen.outOfVocabulary());
        assertEquals(seen.events(), withUnseen.events(), "9 is never seen: left out, as SRILM does");
        assertEquals(seen.perplexity(), withUnseen.perplexity(), 1e-12, "a unigram model prices 3, 4 and EOS alike");
        assertEquals(2.0 / 5, withUnseen.outOfVocabularyRate(), 1e-15);
    }
}
