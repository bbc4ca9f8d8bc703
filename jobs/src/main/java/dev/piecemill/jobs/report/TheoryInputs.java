package dev.piecemill.jobs.report;

import dev.piecemill.collapse.CollapseTheory;
import dev.piecemill.collapse.Loop;
import dev.piecemill.metrics.Metric;
import java.util.Map;

/**
 * What a run's exact predictions start from ({@code RUN/theory.json}), written by the collapse job
 * at generation 0 when the run is in the regime {@link CollapseTheory} covers (order 1, no
 * smoothing, unbiased sampling, a token budget, a fixed tokenizer), so the report can draw the
 * predicted curves for any number of generations.
 *
 * @param replicates each replicate's start, by replicate
 */
public record TheoryInputs(
        Loop loop, double realFraction, long tokensPerGeneration, Map<Integer, CollapseTheory.Start> replicates) {
    public static final String FILE = "theory.json";

    /** The predicted metrics, by metric column: per replicate (in replicate order), generations 0..generations. */
    public Map<String, double[][]> predictions(int generations) {
        int n = replicates.size();
        double[][] gini = new double[n][];
        double[][] types = new double[n][];
        int i = 0;
        for (CollapseTheory.Start start : new java.util.TreeMap<>(replicates).values()) {
            gini[i] = CollapseTheory.giniSimpson(loop, realFraction, tokensPerGeneration, start, generations);
            types[i] = CollapseTheory.types(loop, tokensPerGeneration, start, generations);
            i++;
        }
        Map<String, double[][]> out = new java.util.LinkedHashMap<>();
        out.put(Metric.GINI_SIMPSON.column(), gini);
        if (types[0] != null) {
            out.put(Metric.TYPES.column(), types);
        }
        return out;
    }
}
