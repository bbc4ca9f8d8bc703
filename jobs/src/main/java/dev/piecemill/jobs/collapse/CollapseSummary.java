package dev.piecemill.jobs.collapse;

/**
 * What a collapse run did, printed at its end and saved as {@code DIR/summary.json}.
 *
 * @param resumedAt the first generation this invocation computed (0 for a new run)
 */
public record CollapseSummary(
        String output,
        String loop,
        int generations,
        int replicates,
        int resumedAt,
        long unitsPerGeneration,
        String unit,
        String report,
        double seconds) {
    public String describe() {
        return String.format(
                "collapse: %s loop, generations 0..%d x %d replicates, N = %,d %s per generation%s;"
                        + " %.1f s; report %s",
                loop,
                generations,
                replicates,
                unitsPerGeneration,
                unit,
                resumedAt > 0 ? " (resumed at generation " + resumedAt + ")" : "",
                seconds,
                report);
    }
}
