package dev.piecemill.unigram;

/**
 * One pass of the E-step over the training corpus: the totals of every chunk under a
 * vocabulary. In memory for tests and small corpora ({@link InMemoryCorpus}); a Spark job over
 * the cached corpus in the train job.
 */
@FunctionalInterface
public interface CorpusPass {
    /**
     * @param sample the share of the chunks to pass over (1 for all), chosen by their documents'
     *               keys, so the same chunks for the same share in every run
     */
    PassTotals run(Vocabulary vocabulary, PassKind kind, double sample);
}
