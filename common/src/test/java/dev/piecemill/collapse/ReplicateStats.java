package dev.piecemill.collapse;

import java.util.List;

/** Mean and standard error over replicates of one metric at one generation. */
record ReplicateStats(double mean, double standardError, int replicates) {

    static ReplicateStats of(List<GenerationResult> results, int generation, String column) {
        double[] values = results.stream()
                .filter(r -> r.generation() == generation)
                .mapToDouble(r -> r.metrics().get(column))
                .toArray();
        double mean = java.util.Arrays.stream(values).average().orElseThrow();
        double squares = 0;
        for (double v : values) {
            squares += (v - mean) * (v - mean);
        }
        double sd = Math.sqrt(squares / (values.length - 1));
        return new ReplicateStats(mean, sd / Math.sqrt(values.length), values.length);
    }

    /** Standard error of the difference of two independent means. */
    double standardErrorOfDifference(ReplicateStats other) {
        return Math.hypot(standardError, other.standardError);
    }
}
