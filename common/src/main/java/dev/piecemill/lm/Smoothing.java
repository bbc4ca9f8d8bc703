package dev.piecemill.lm;

import dev.piecemill.util.UserError;

/**
 * How the n-gram model turns counts into probabilities.
 *
 * <ul>
 *   <li>{@link Method#NONE}: maximum likelihood, {@code c(h w) / c(h)}; events and contexts not
 *       seen in training have no probability.
 *   <li>{@link Method#ADD_K}: {@code (c(h w) + k) / (c(h) + k |V|)} over the support V (every
 *       token seen in training, EOS included); an unseen context is uniform over V.
 *   <li>{@link Method#KNESER_NEY}: interpolated Kneser-Ney with one absolute discount per order
 *       (see {@link NgramLanguageModel}).
 * </ul>
 */
public record Smoothing(Method method, double k) implements java.io.Serializable {
    public enum Method {
        NONE,
        ADD_K,
        KNESER_NEY
    }

    public Smoothing {
        if (method == Method.ADD_K && !(k > 0 && Double.isFinite(k))) {
            throw new UserError("add-k needs a finite k > 0, got " + k);
        }
    }

    public static Smoothing none() {
        return new Smoothing(Method.NONE, 0);
    }

    public static Smoothing addK(double k) {
        return new Smoothing(Method.ADD_K, k);
    }

    public static Smoothing kneserNey() {
        return new Smoothing(Method.KNESER_NEY, 0);
    }

    /** The default smoothing. */
    public static Smoothing defaults() {
        return kneserNey();
    }

    @Override
    public String toString() {
        return method == Method.ADD_K ? "add-" + k : method.name().toLowerCase(java.util.Locale.ROOT);
    }
}
