package dev.piecemill.jobs.report;

import dev.piecemill.collapse.CollapseTheory;
import dev.piecemill.collapse.PredictionCheck;
import dev.piecemill.metrics.Metric;
import java.util.ArrayList;
import java.util.List;

/**
 * A run's measured metric beside its exact prediction ({@link CollapseTheory}, from the run's
 * theory.json): the mean predicted curve for the plot, and per generation the prediction, the
 * measurement and their gap in standard errors for the table under it.
 */
record TheoryComparison(
        String metric, int[] generations, double[] predicted, List<PredictionCheck> checks, TheoryInputs inputs) {

    /** Null when the run has no prediction for the metric. */
    static TheoryComparison of(ReportedRun run, String metric) {
        TheoryInputs inputs = run.theory();
        MetricsTable table = run.metrics();
        int column = table.column(metric);
        if (inputs == null || column < 0 || table.lastGeneration() < 1) {
            return null;
        }
        int last = table.lastGeneration();
        double[][] perReplicate = inputs.predictions(last).get(metric);
        if (perReplicate == null) {
            return null;
        }
        List<Integer> replicates = new ArrayList<>(new java.util.TreeMap<>(inputs.replicates()).keySet());
        int[] generations = new int[last + 1];
        double[] predicted = new double[last + 1];
        List<PredictionCheck> checks = new ArrayList<>();
        for (int t = 0; t <= last; t++) {
            generations[t] = t;
            double[] p = new double[replicates.size()];
            double[] m = new double[replicates.size()];
            boolean complete = true;
            for (int i = 0; i < replicates.size(); i++) {
                p[i] = perReplicate[i][t];
                m[i] = value(table, replicates.get(i), t, column);
                complete &= Double.isFinite(m[i]);
            }
            predicted[t] = java.util.Arrays.stream(p).average().orElse(Double.NaN);
            checks.add(complete ? PredictionCheck.of(p, m) : null);
        }
        return new TheoryComparison(metric, generations, predicted, checks, inputs);
    }

    private static double value(MetricsTable table, int replicate, int generation, int column) {
        for (MetricsTable.Row row : table.rows()) {
            if (row.replicate() == replicate && row.generation() == generation) {
                return row.values()[column];
            }
        }
        return Double.NaN;
    }

    /** The table of prediction, measurement and gap per generation. */
    void appendTable(StringBuilder h, String label) {
        h.append("<table class=\"theory\" data-metric=\"")
                .append(Xml.escape(metric))
                .append("\" data-run=\"")
                .append(Xml.escape(label))
                .append("\">\n<caption>")
                .append(Xml.escape(label))
                .append(": ")
                .append(Xml.escape(metric))
                .append(" against ")
                .append(Xml.escape(formula()))
                .append(
                        "</caption>\n<tr><th>generation</th><th>predicted</th><th>measured</th><th>gap (SE)</th></tr>\n");
        for (int t = 1; t < generations.length; t++) {
            PredictionCheck c = checks.get(t);
            h.append("<tr><td>")
                    .append(t)
                    .append("</td><td>")
                    .append(exact(t) ? "" : "&#8776; ")
                    .append(SvgPlot.brief(predicted[t]))
                    .append("</td><td>");
            if (c == null) {
                h.append("not measured</td><td>&#8212;</td></tr>\n");
                continue;
            }
            h.append(SvgPlot.brief(c.measured()))
                    .append("</td><td>")
                    .append(
                            c.replicates() < 2
                                    ? "&#8212; (1 replicate)"
                                    : String.format(java.util.Locale.ROOT, "%+.2f", c.gapInStandardErrors()))
                    .append("</td></tr>\n");
        }
        h.append("</table>\n");
    }

    private boolean exact(int t) {
        return !metric.equals(Metric.TYPES.column()) || CollapseTheory.typesExact(inputs.loop(), t);
    }

    private String formula() {
        boolean types = metric.equals(Metric.TYPES.column());
        return switch (inputs.loop()) {
                    case FULLY_SYNTHETIC ->
                        types
                                ? "E[K_1] = sum_w 1 - (1 - p(w))^N, then survival 1 - exp(-c g_t) (approximate)"
                                : "Wright-Fisher drift, E[D_t] = D_0 (1 - 1/N)^t";
                    case ACCUMULATE ->
                        types ? "K_t = K_0 (no type is ever lost)" : "E[D_t] = E[D_t-1] (1 - N / (N_0 + t N)^2)";
                    case AUGMENT -> "the fixed real share's exact recursion";
                    case FRESH -> "the fresh-data recursion towards its equilibrium";
                }
                + ", per replicate from its own generation 0 (N = " + inputs.tokensPerGeneration()
                + (inputs.loop().mixesRealData() ? ", a = " + inputs.realFraction() : "") + ")";
    }
}
