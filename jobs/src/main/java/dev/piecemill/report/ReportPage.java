package dev.piecemill.report;

import dev.piecemill.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
            throw new IllegalArgumentException("a report needs at least one run folder");
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
            labels.add(names.get(run.name()) == 1 || run.parentName().isEmpty() ? run.name()
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
                .append(Xml.escape(title)).append("</title>\n<style>\n").append(CSS).append("</style>\n</head>\n<body>\n");
        h.append("<h1>").append(Xml.escape(title)).append("</h1>\n");
        h.append("<p class=\"lead\">Lines are means over replicates, bands one standard error (sample standard "
                + "deviation / &#8730;n; none where a generation has one replicate). NaN and infinite values are left "
                + "out and counted under the plot. Hover a point for its numbers.</p>\n");

        for (int r = 0; r < runs.size(); r++) {
            runSection(h, r);
        }

        h.append("<h2>Metrics</h2>\n<nav>");
        for (int m = 0; m < metrics.size(); m++) {
            h.append(m > 0 ? " &#183; " : "").append("<a href=\"#").append(anchor(m)).append("\">")
                    .append(Xml.escape(metrics.get(m))).append("</a>");
        }
        h.append("</nav>\n<div class=\"plots\">\n");
        for (int m = 0; m < metrics.size(); m++) {
            plot(h, m);
        }
        return h.append("</div>\n</body>\n</html>\n").toString();
    }

    private void runSection(StringBuilder h, int r) {
        ReportedRun run = runs.get(r);
        MetricsTable table = run.metrics();
        h.append("<section class=\"run\">\n<h2><span class=\"swatch\" style=\"background:").append(SvgPlot.color(r))
                .append("\"></span>").append(Xml.escape(labels.get(r))).append("</h2>\n<p class=\"path\">")
                .append(Xml.escape(run.path())).append(" &#183; ").append(plural(table.replicates(), "replicate"))
                .append(" &#183; ");
        int last = table.lastGeneration();
        h.append(last < 0 ? "no rows" : last == 0 ? "generation 0 only" : "generations 0&#8211;" + last)
                .append("</p>\n");
        if (run.settings().isEmpty()) {
            h.append("<p class=\"note\">no settings (no ").append(ReportedRun.SETTINGS_FILE).append(")</p>\n");
        } else {
            h.append("<table class=\"settings\">\n");
            for (Map.Entry<String, String> e : run.settings().entrySet()) {
                h.append("<tr><th>").append(Xml.escape(e.getKey())).append("</th><td>").append(Xml.escape(e.getValue()))
                        .append("</td></tr>\n");
            }
            h.append("</table>\n");
        }
        h.append("</section>\n");
    }

    private void plot(StringBuilder h, int m) {
        String metric = metrics.get(m);
        List<SvgPlot.Line> lines = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (int r = 0; r < runs.size(); r++) {
            MetricsTable table = runs.get(r).metrics();
            if (table.column(metric) < 0) {
                missing.add(labels.get(r));
                continue;
            }
            MetricSeries series = MetricSeries.of(table, metric);
            lines.add(new SvgPlot.Line(labels.get(r), SvgPlot.color(r), series));
            String skipped = series.skippedNote();
            if (skipped != null) {
                notes.add(labels.get(r) + ": " + skipped);
            }
        }
        if (!missing.isEmpty()) {
            notes.add("no " + metric + " column in " + String.join(", ", missing));
        }
        h.append("<figure id=\"").append(anchor(m)).append("\">\n").append(SvgPlot.render(metric, lines)).append('\n');
        for (String note : notes) {
            h.append("<figcaption class=\"note\">").append(Xml.escape(note)).append("</figcaption>\n");
        }
        h.append("</figure>\n");
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
            nav { font-size: 0.9em; line-height: 1.6; }
            .plots { display: grid; grid-template-columns: repeat(auto-fill, minmax(560px, 1fr)); gap: 1em; }
            figure { margin: 0; }
            svg.plot { max-width: 100%; height: auto; }
            """;
}
