package dev.piecemill.jobs.report;

import dev.piecemill.jobs.io.AtomicFiles;
import dev.piecemill.metrics.Metric;
import dev.piecemill.util.UserError;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The model-collapse report: one self-contained HTML page (inline CSS and SVG, nothing fetched) with each
 * run's settings, then one plot per metric with a line per run, so runs with different settings compare
 * at a glance. Metrics are the union of the runs' metrics.csv columns, in column order.
 */
public final class ReportPage {
    private final List<ReportedRun> runs;
    private final List<String> labels;
    private final List<String> metrics;

    private ReportPage(List<ReportedRun> runs) {
        this.runs = List.copyOf(runs);
        this.labels = labels(runs);
        Set<String> union = new LinkedHashSet<>();
        for (ReportedRun run : runs) {
            union.addAll(run.metrics().metrics());
        }
        this.metrics = List.copyOf(union);
    }

    /** Reads the runs' folders (metrics.csv, run.json); paths may be on any Hadoop file system. */
    public static ReportPage load(List<String> runDirs, Configuration conf) throws IOException {
        if (runDirs.isEmpty()) {
            throw new UserError("a report needs at least one run folder");
        }
        List<ReportedRun> runs = new ArrayList<>();
        for (String dir : runDirs) {
            runs.add(ReportedRun.read(dir, conf));
        }
        return new ReportPage(runs);
    }

    /**
     * Reads the runs and writes their page to {@code outputFile}, replacing it. The collapse job calls
     * {@code ReportPage.write(List.of(runDir), runDir + "/report.html", conf)}.
     */
    public static ReportPage write(List<String> runDirs, String outputFile, Configuration conf) throws IOException {
        ReportPage page = load(runDirs, conf);
        page.writeTo(outputFile, conf);
        return page;
    }

    public void writeTo(String outputFile, Configuration conf) throws IOException {
        byte[] page = html().getBytes(StandardCharsets.UTF_8);
        Path p = new Path(outputFile);
        FileSystem fs = p.getFileSystem(conf);
        if (fs instanceof LocalFileSystem local) {
            // the raw file system: the checksummed one would leave a .report.html.crc beside the page
            fs = local.getRawFileSystem();
        }
        AtomicFiles.write(fs, p, out -> out.write(page));
    }

    /** The run labels, in the order given: folder names, made unique. */
    public List<String> labels() {
        return labels;
    }

    /** The plotted metrics, in column order. */
    public List<String> metrics() {
        return metrics;
    }

    public List<ReportedRun> runs() {
        return runs;
    }

    /**
     * A run's label is its folder's name; runs sharing one get "parent/name", and if that still clashes
     * (the same folder twice, say) a "#i" with the run's position.
     */
    static List<String> labels(List<ReportedRun> runs) {
        Map<String, Integer> names = count(runs.stream().map(ReportedRun::name).toList());
        List<String> labels = new ArrayList<>();
        for (ReportedRun run : runs) {
            labels.add(
                    names.get(run.name()) == 1 || run.parentName().isEmpty()
                            ? run.name()
                            : run.parentName() + "/" + run.name());
        }
        Map<String, Integer> again = count(labels);
        for (int i = 0; i < labels.size(); i++) {
            if (again.get(labels.get(i)) > 1) {
                labels.set(i, labels.get(i) + " #" + (i + 1));
            }
        }
        return List.copyOf(labels);
    }

    private static Map<String, Integer> count(List<String> names) {
        Map<String, Integer> counts = new HashMap<>();
        for (String n : names) {
            counts.merge(n, 1, Integer::sum);
        }
        return counts;
    }

    public String html() {
        StringBuilder h = new StringBuilder(64 * 1024);
        String title = "Model collapse report: " + String.join(", ", labels);
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>")
                .append(Xml.escape(title))
                .append("</title>\n<style>\n")
                .append(CSS)
                .append("</style>\n</head>\n<body>\n");
        h.append("<h1>").append(Xml.escape(title)).append("</h1>\n");
        h.append("<p class=\"lead\">Lines are means over replicates, bands one standard error (sample standard "
                + "deviation / &#8730;n; none where a generation has one replicate). NaN and infinite values are left "
                + "out and counted under the plot. Hover a point for its numbers.</p>\n");

        summary(h);
        for (int r = 0; r < runs.size(); r++) {
            runSection(h, r);
        }

        h.append("<h2>Metrics</h2>\n<nav>");
        for (int m = 0; m < metrics.size(); m++) {
            h.append(m > 0 ? " &#183; " : "")
                    .append("<a href=\"#")
                    .append(anchor(m))
                    .append("\">")
                    .append(Xml.escape(metrics.get(m)))
                    .append("</a>");
        }
        h.append("</nav>\n");
        List<String> constant =
                metrics.stream().filter(m -> plottedRuns(m).isEmpty()).toList();
        if (!constant.isEmpty()) {
            h.append("<p class=\"note\">Not plotted: ")
                    .append(Xml.escape(String.join(", ", constant)))
                    .append(": they describe the tokenizer, which is fixed in every run (--tokenizer fixed), so they "
                            + "cannot change from generation 0.</p>\n");
        }
        h.append("<div class=\"plots\">\n");
        for (int m = 0; m < metrics.size(); m++) {
            if (!constant.contains(metrics.get(m))) {
                plot(h, m);
            }
        }
        return h.append("</div>\n</body>\n</html>\n").toString();
    }

    /** The headline metrics of the summary table at the top of the page. */
    static final List<String> HEADLINE = Stream.of(
                    Metric.HELDOUT_PERPLEXITY,
                    Metric.TYPES,
                    Metric.TAIL_MASS,
                    Metric.NGRAM_PRECISION,
                    Metric.NGRAM_RECALL,
                    Metric.JS_TO_REFERENCE)
            .map(Metric::column)
            .toList();

    /** Per run, the first and last generation's mean of each headline metric and the change in percent. */
    private void summary(StringBuilder h) {
        h.append("<h2>Summary</h2>\n<table class=\"summary\">\n<tr><th>run</th><th>generations</th>");
        for (String metric : HEADLINE) {
            h.append("<th>").append(Xml.escape(metric)).append("</th>");
        }
        h.append("</tr>\n");
        for (int r = 0; r < runs.size(); r++) {
            MetricsTable table = runs.get(r).metrics();
            h.append("<tr><td><span class=\"swatch\" style=\"background:")
                    .append(SvgPlot.color(r))
                    .append("\"></span>")
                    .append(Xml.escape(labels.get(r)))
                    .append("</td><td>");
            if (table.lastGeneration() < 0) {
                h.append("no rows</td></tr>\n");
                continue;
            }
            h.append(firstGeneration(table))
                    .append("&#8594;")
                    .append(table.lastGeneration())
                    .append("</td>");
            for (String metric : HEADLINE) {
                h.append("<td>")
                        .append(
                                table.column(metric) < 0
                                        ? "&#8212;"
                                        : Xml.escape(change(MetricSeries.of(table, metric))))
                        .append("</td>");
            }
            h.append("</tr>\n");
        }
        h.append(
                "</table>\n<p class=\"note\">Each cell: the mean over replicates at the first and the last generation, "
                        + "and the change in percent of the first. The reference is a real sample of the generation budget that "
                        + "no replicate trains on (or, with --gen0 corpus, generation 0 itself).</p>\n");
    }

    private static int firstGeneration(MetricsTable table) {
        return table.rows().stream()
                .mapToInt(MetricsTable.Row::generation)
                .min()
                .orElse(0);
    }

    /** "12.3 &#8594; 45.6 (+270.7%)", with the change left out where the first value is 0 or a value is undefined. */
    static String change(MetricSeries series) {
        if (series.size() == 0) {
            return "no values";
        }
        double first = series.mean()[0];
        double last = series.mean()[series.size() - 1];
        String text = SvgPlot.brief(first) + " \u2192 " + SvgPlot.brief(last);
        if (!Double.isFinite(first) || !Double.isFinite(last)) {
            return text + " (undefined values: see the plot)";
        }
        if (first == 0) {
            return text;
        }
        return text + String.format(java.util.Locale.ROOT, " (%+.1f%%)", 100 * (last - first) / Math.abs(first));
    }

    /** The runs whose line a metric's plot draws: all, except that a fixed tokenizer's metrics are constant. */
    private List<Integer> plottedRuns(String metric) {
        List<Integer> plotted = new ArrayList<>();
        for (int r = 0; r < runs.size(); r++) {
            if (!TOKENIZER_METRICS.contains(metric) || runs.get(r).tokenizerVaries()) {
                plotted.add(r);
            }
        }
        return plotted;
    }

    /** Metrics of the tokenizer alone: constant with a fixed one. */
    static final Set<String> TOKENIZER_METRICS =
            Set.of(Metric.VOCAB_OVERLAP_GEN0.column(), Metric.HELDOUT_BYTES_PER_TOKEN.column());

    private void runSection(StringBuilder h, int r) {
        ReportedRun run = runs.get(r);
        MetricsTable table = run.metrics();
        h.append("<section class=\"run\">\n<h2><span class=\"swatch\" style=\"background:")
                .append(SvgPlot.color(r))
                .append("\"></span>")
                .append(Xml.escape(labels.get(r)))
                .append("</h2>\n<p class=\"path\">")
                .append(Xml.escape(run.path()))
                .append(" &#183; ")
                .append(plural(table.replicates(), "replicate"))
                .append(" &#183; ");
        int last = table.lastGeneration();
        h.append(last < 0 ? "no rows" : last == 0 ? "generation 0 only" : "generations 0&#8211;" + last)
                .append("</p>\n");
        if (run.settings().isEmpty()) {
            h.append("<p class=\"note\">no settings (no ")
                    .append(ReportedRun.SETTINGS_FILE)
                    .append(")</p>\n");
        } else {
            h.append("<table class=\"settings\">\n");
            for (Map.Entry<String, String> e : run.settings().entrySet()) {
                h.append("<tr><th>")
                        .append(Xml.escape(e.getKey()))
                        .append("</th><td>")
                        .append(Xml.escape(e.getValue()))
                        .append("</td></tr>\n");
            }
            h.append("</table>\n");
        }
        h.append("</section>\n");
    }

    private void plot(StringBuilder h, int m) {
        String metric = metrics.get(m);
        List<SvgPlot.Line> lines = new ArrayList<>();
        List<SvgPlot.Prediction> predictions = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        StringBuilder theoryTables = new StringBuilder();
        for (int r : plottedRuns(metric)) {
            MetricsTable table = runs.get(r).metrics();
            if (table.column(metric) < 0) {
                missing.add(labels.get(r));
                continue;
            }
            MetricSeries series = MetricSeries.of(table, metric);
            lines.add(new SvgPlot.Line(labels.get(r), SvgPlot.color(r), series));
            String skipped = series.skippedNote();
            if (skipped != null) {
                notes.add(labels.get(r) + ": " + skipped + UndefinedValues.why(metric));
            }
            TheoryComparison theory = TheoryComparison.of(runs.get(r), metric);
            if (theory != null) {
                predictions.add(new SvgPlot.Prediction(
                        labels.get(r), SvgPlot.color(r), theory.generations(), theory.predicted()));
                theory.appendTable(theoryTables, labels.get(r));
            }
        }
        if (!missing.isEmpty()) {
            notes.add("no " + metric + " column in " + String.join(", ", missing));
        }
        h.append("<figure id=\"")
                .append(anchor(m))
                .append("\">\n")
                .append(SvgPlot.render(metric, lines, predictions))
                .append('\n');
        for (String note : notes) {
            h.append("<figcaption class=\"note\">").append(Xml.escape(note)).append("</figcaption>\n");
        }
        h.append(theoryTables).append("</figure>\n");
    }

    /** An HTML id for metric m: its name with anything unusual replaced, and its index to keep it unique. */
    private String anchor(int m) {
        return "metric-" + m + "-" + metrics.get(m).replaceAll("[^A-Za-z0-9_-]", "_");
    }

    private static String plural(int n, String word) {
        return n + " " + word + (n == 1 ? "" : "s");
    }

    private static final String CSS = """
            body { font-family: sans-serif; margin: 1.5em auto; max-width: 1360px; padding: 0 1em; color: #222; }
            h1 { font-size: 1.4em; }
            h2 { font-size: 1.15em; margin: 1.2em 0 0.3em; }
            .lead { color: #444; }
            .path, .note { color: #666; font-size: 0.9em; margin: 0.2em 0; }
            .swatch { display: inline-block; width: 0.8em; height: 0.8em; margin-right: 0.4em; border-radius: 2px; }
            table.settings { border-collapse: collapse; font-size: 0.85em; }
            table.settings th, table.settings td { text-align: left; padding: 1px 0.8em 1px 0; vertical-align: top; }
            table.settings th { font-weight: normal; color: #555; font-family: monospace; }
            table.summary, table.theory { border-collapse: collapse; font-size: 0.85em; margin: 0.3em 0; }
            table.summary th, table.summary td, table.theory th, table.theory td { text-align: right;
              padding: 2px 0.6em; border-bottom: 1px solid #e4e4e4; }
            table.summary th:first-child, table.summary td:first-child { text-align: left; }
            table.summary th, table.theory th { font-family: monospace; font-weight: normal; color: #555; }
            table.theory caption { text-align: left; color: #444; caption-side: top; }
            nav { font-size: 0.9em; line-height: 1.6; }
            .plots { display: grid; grid-template-columns: repeat(auto-fill, minmax(560px, 1fr)); gap: 1em; }
            figure { margin: 0; }
            svg.plot { max-width: 100%; height: auto; }
            """;
}
