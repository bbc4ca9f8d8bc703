package dev.piecemill.collapse;

import dev.piecemill.lm.TokenCorpus;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Real documents handed out without replacement in a random order (one shuffle per replicate).
 * A document cut to fit a token budget is used up: its rest is never handed out.
 */
public final class RealPool {
    private final List<int[]> documents;
    private final int[] order;
    private int next;

    public RealPool(TokenCorpus pool, SplittableRandom random) {
        this.documents = pool.documents();
        this.order = new int[documents.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        for (int i = order.length - 1; i > 0; i--) { // Fisher-Yates
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
    }

    /** The next unused documents, exactly {@code tokens} tokens. */
    public TokenCorpus take(long tokens) {
        TokenCorpus.Builder builder = new TokenCorpus.Builder(tokens);
        while (!builder.isFull()) {
            if (next == order.length) {
                throw new IllegalStateException("the real pool ran out after " + builder.tokens() + " of "
                        + tokens + " tokens; give it more documents or fewer generations");
            }
            builder.add(documents.get(order[next++]));
        }
        return builder.build();
    }
}
