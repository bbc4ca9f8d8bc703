package dev.piecemill.jobs.report;

import dev.piecemill.util.UserError;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * One metric of one run over the generations: the mean over replicates and its standard error
 * (sample standard deviation / sqrt(n); 0 when n = 1). Non-finite values are left out of both and
 * counted, so the page can say what it did not draw. A generation with no finite value has n = 0 and
 * a NaN mean: a gap in the line.
 */
public record MetricSeries(
        String metric, int[] generations, double[] mean, double[] standardError, int[] n, int infinite, int nan) {

    public static MetricSeries of(MetricsTable table, String metric) {
        int column = table.column(metric);
        if (column < 0) {
            throw new UserError(table.source() + " has no column " + metric);
        }
        TreeMap<Integer, List<Double>> byGeneration = new TreeMap<>();
        int infinite = 0;
        int nan = 0;
        for (MetricsTable.Row row : table.rows()) {
            List<Double> values = byGeneration.computeIfAbsent(row.generation(), g -> new ArrayList<>());
            double v = row.values()[column];
            if (Double.isNaN(v)) {
                nan++;
            } else if (Double.isInfinite(v)) {
                infinite++;
            } else {
                values.add(v);
            }
        }
        int size = byGeneration.size();
        int[] generations = new int[size];
        double[] mean = new double[size];
        double[] se = new double[size];
        int[] n = new int[size];
        int i = 0;
        for (var e : byGeneration.entrySet()) {
            List<Double> values = e.getValue();
            generations[i] = e.getKey();
            n[i] = values.size();
            double sum = 0;
            for (double v : values) {
                sum += v;
            }
            double m = sum / values.size();
            double squares = 0;
            for (double v : values) {
                squares += (v - m) * (v - m);
            }
            mean[i] = values.isEmpty() ? Double.NaN : m;
            se[i] = values.size() < 2 ? 0 : Math.sqrt(squares / (values.size() - 1)) / Math.sqrt(values.size());
            i++;
        }
        return new MetricSeries(metric, generations, mean, se, n, infinite, nan);
    }

    public int size() {
        return generations.length;
    }

    /** Whether generation i has a point to draw. */
    public boolean drawn(int i) {
        return n[i] > 0;
    }

    public boolean hasPoints() {
        for (int count : n) {
            if (count > 0) {
                return true;
            }
        }
        return false;
    }

    /** "2 values were infinite and 1 was NaN, not drawn", or null when every value was finite. */
    public String skippedNote() {
        if (infinite == 0 && nan == 0) {
            return null;
        }
        String inf = infinite == 1 ? "1 value was infinite" : infinite + " values were infinite";
        String na = nan == 1 ? "1 value was NaN" : nan + " values were NaN";
        if (infinite > 0 && nan > 0) {
            return inf + " and " + (nan == 1 ? "1 was NaN" : nan + " were NaN") + ", not drawn";
        }
        return (infinite > 0 ? inf : na) + ", not drawn";
    }
}
