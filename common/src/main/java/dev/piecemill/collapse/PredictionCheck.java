package dev.piecemill.collapse;

/**
 * A prediction against a measurement over replicates, each replicate predicted from its own
 * generation 0: the means, and the standard error of the mean residual (measured minus
 * predicted), so the gap reads in standard errors.
 */
public record PredictionCheck(double predicted, double measured, double standardError, int replicates) {

    /** @param predicted and @param measured per replicate, in the same order */
    public static PredictionCheck of(double[] predicted, double[] measured) {
        if (predicted.length != measured.length || predicted.length == 0) {
            throw new IllegalArgumentException("one prediction per measured replicate expected: " + predicted.length
                    + " predictions, " + measured.length + " measurements");
        }
        int n = measured.length;
        double p = 0;
        double m = 0;
        for (int i = 0; i < n; i++) {
            p += predicted[i];
            m += measured[i];
        }
        p /= n;
        m /= n;
        double squares = 0;
        for (int i = 0; i < n; i++) {
            double residual = measured[i] - predicted[i] - (m - p);
            squares += residual * residual;
        }
        double se = n < 2 ? Double.NaN : Math.sqrt(squares / (n - 1) / n);
        return new PredictionCheck(p, m, se, n);
    }

    /** (measured - predicted) / standard error; NaN with one replicate. */
    public double gapInStandardErrors() {
        return (measured - predicted) / standardError;
    }

    /** Whether the measurement is within z standard errors of the prediction. */
    public boolean within(double z) {
        return Math.abs(measured - predicted) <= z * standardError;
    }
}
