package dev.piecemill.unigram;

/** What a pass over the corpus gathers. */
public enum PassKind {
    /** Expected piece counts and the log-likelihood (an E-step). */
    EXPECTED,
    /** The E-step and the Viterbi segmentation's piece counts (what pruning needs). */
    EXPECTED_AND_VITERBI,
    /** Only the Viterbi segmentation: a vocabulary's own usage, at a third of an E-step's cost. */
    VITERBI;

    boolean expected() {
        return this != VITERBI;
    }

    boolean viterbi() {
        return this != EXPECTED;
    }
}
