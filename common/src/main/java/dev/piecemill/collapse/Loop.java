package dev.piecemill.collapse;

/**
 * How each generation's training corpus is made (N = tokens per generation, a = real fraction).
 * Generation 0 is real data in every loop.
 */
public enum Loop {
    /** Generation t is N tokens sampled from the model of generation t-1 (replace). */
    FULLY_SYNTHETIC,
    /** A fixed real set (aN tokens of generation 0; of the whole corpus, the same for every replicate) plus (1-a)N sampled tokens. */
    AUGMENT,
    /** aN real tokens drawn anew each generation, without replacement from a real pool ({@link PoolWindows}), plus (1-a)N sampled. */
    FRESH,
    /** All earlier generations' data kept, plus N newly sampled tokens. */
    ACCUMULATE;

    /** True when the loop reads the real fraction a. */
    public boolean mixesRealData() {
        return this == AUGMENT || this == FRESH;
    }
}
