package dev.piecemill.jobs.report;

import dev.piecemill.util.UserError;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * A collapse run's metrics.csv: a header {@code replicate,generation,METRIC...}, then one row per
 * (replicate, generation). Metric columns are whatever the header names, in its order, so a new metric
 * needs no change here. Values are Java number text, so NaN and (-)Infinity parse.
 */
public final class MetricsTable {
    public static final String REPLICATE = "replicate";
    public static final String GENERATION = "generation";

    /** One line of the file; {@code values[i]} is metric i. */
    public record Row(int replicate, int generation, double[] values) {}

    private final String source;
    private final List<String> metrics;
    private final List<Row> rows;

    private MetricsTable(String source, List<String> metrics, List<Row> rows) {
        this.source = source;
        this.metrics = List.copyOf(metrics);
        this.rows = List.copyOf(rows);
    }

    public static MetricsTable read(String path, Configuration conf) throws IOException {
        Path p = new Path(path);
        try (InputStream in = p.getFileSystem(conf).open(p)) {
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), path);
        } catch (FileNotFoundException e) {
            throw new UserError("metrics file " + path + " does not exist");
        }
    }

    /** Parses the file's text; {@code source} names it in errors. */
    public static MetricsTable parse(String text, String source) {
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        List<String> lines = text.lines().toList();
        int headerIndex = 0;
        while (headerIndex < lines.size() && lines.get(headerIndex).isBlank()) {
            headerIndex++;
        }
        if (headerIndex == lines.size()) {
            throw new UserError(
                    source + ": empty, expected a header line starting with " + REPLICATE + "," + GENERATION);
        }
        List<String> header = fields(lines.get(headerIndex));
        int headerLine = headerIndex + 1;
        if (header.size() < 2
                || !header.get(0).equals(REPLICATE)
                || !header.get(1).equals(GENERATION)) {
            throw new UserError(source + " line " + headerLine + ": the header must start with " + REPLICATE + ","
                    + GENERATION + ", found \"" + lines.get(headerIndex).strip() + "\"");
        }
        List<String> metrics = header.subList(2, header.size());
        Set<String> seen = new HashSet<>();
        for (String m : metrics) {
            if (m.isEmpty() || !seen.add(m) || m.equals(REPLICATE) || m.equals(GENERATION)) {
                throw new UserError(source + " line " + headerLine + ": "
                        + (m.isEmpty() ? "an empty column name" : "column \"" + m + "\" appears twice"));
            }
        }

        List<Row> rows = new ArrayList<>();
        // (replicate, generation) -> line, so a repeated row is refused rather than averaged in twice
        Map<Long, Integer> lineOf = new HashMap<>();
        for (int i = headerIndex + 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            int lineNo = i + 1;
            List<String> f = fields(lines.get(i));
            if (f.size() != header.size()) {
                throw new UserError(
                        source + " line " + lineNo + ": " + f.size() + " fields, the header has " + header.size());
            }
            int replicate = index(f.get(0), REPLICATE, source, lineNo);
            int generation = index(f.get(1), GENERATION, source, lineNo);
            double[] values = new double[metrics.size()];
            for (int m = 0; m < values.length; m++) {
                values[m] = number(f.get(m + 2), metrics.get(m), source, lineNo);
            }
            Integer before = lineOf.put(((long) replicate << 32) | generation, lineNo);
            if (before != null) {
                throw new UserError(source + " line " + lineNo + ": replicate " + replicate + ", generation "
                        + generation + " again (first on line " + before + ")");
            }
            rows.add(new Row(replicate, generation, values));
        }
        return new MetricsTable(source, metrics, rows);
    }

    private static List<String> fields(String line) {
        List<String> out = new ArrayList<>();
        for (String f : line.split(",", -1)) {
            out.add(f.strip());
        }
        return out;
    }

    private static int index(String field, String column, String source, int lineNo) {
        try {
            int v = Integer.parseInt(field);
            if (v >= 0) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UserError(
                source + " line " + lineNo + ": " + column + " \"" + field + "\" is not a non-negative integer");
    }

    private static double number(String field, String column, String source, int lineNo) {
        try {
            // parseDouble takes Java's own output, NaN and Infinity included; the field is stripped already
            if (!field.isEmpty()) {
                return Double.parseDouble(field);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UserError(source + " line " + lineNo + ": " + column + " \"" + field + "\" is not a number");
    }

    public String source() {
        return source;
    }

    /** The metric columns (all after generation), in file order. */
    public List<String> metrics() {
        return metrics;
    }

    /** The metric's column among {@link #metrics()}, or -1. */
    public int column(String metric) {
        return metrics.indexOf(metric);
    }

    public List<Row> rows() {
        return rows;
    }

    public int replicates() {
        return (int) rows.stream().mapToInt(Row::replicate).distinct().count();
    }

    /** The last generation in the file, or -1 when it has no rows. */
    public int lastGeneration() {
        return rows.stream().mapToInt(Row::generation).max().orElse(-1);
    }
}
