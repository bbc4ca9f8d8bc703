package dev.piecemill.jobs.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.piecemill.jobs.cli.Main;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The collapse report: parsing, the statistics, the plots and the page, and the report command. */
class ReportTest {
    private static final Configuration CONF = new Configuration();

    // entropy[replicate][generation]; generation 1 is {1, 2, 4}: mean 7/3, SE sqrt(7)/3
    private static final double[][] ENTROPY = {{6, 1, 3, 2}, {5, 2, 3, 2}, {4, 4, 3, 2}};

    @TempDir
    Path dir;

    Path runA;
    Path runB;

    @BeforeEach
    void twoRuns() throws Exception {
        // Same folder name under two parents: the labels must tell them apart.
        runA = Files.createDirectories(dir.resolve("a").resolve("fresh"));
        runB = Files.createDirectories(dir.resolve("b&<c>").resolve("fresh"));
        StringBuilder a = new StringBuilder("replicate,generation,tokens,entropy,heldout_perplexity\n");
        StringBuilder b = new StringBuilder("replicate,generation,tokens,entropy,zipf_exponent\n");
        for (int r = 0; r < 3; r++) {
            for (int g = 0; g < 4; g++) {
                // run A's perplexity: infinite for replicate 2 from generation 2 on, NaN once
                double perplexity =
                        r == 2 && g >= 2 ? Double.POSITIVE_INFINITY : r == 1 && g == 3 ? Double.NaN : 100 + 10 * g + r;
                a.append(r)
                        .append(',')
                        .append(g)
                        .append(',')
                        .append(Long.toString(1000 + g))
                        .append(',')
                        .append(Double.toString(ENTROPY[r][g]))
                        .append(',')
                        .append(Double.toString(perplexity))
                        .append('\n');
                b.append(r)
                        .append(',')
                        .append(g)
                        .append(',')
                        .append(Long.toString(2000))
                        .append(',')
                        .append(Double.toString(ENTROPY[r][g] / 2))
                        .append(',')
                        .append(Double.toString(Double.NaN))
                        .append('\n');
            }
        }
        Files.writeString(runA.resolve("metrics.csv"), a);
        Files.writeString(runB.resolve("metrics.csv"), b);
        Files.writeString(
                runA.resolve("run.json"),
                "{\"loop\":\"fresh\",\"real_fraction\":0.2,\"lm_order\":3,\"smoothing\":\"kneser-ney\","
                        + "\"temperature\":1.0,\"replicates\":3,\"seed\":1,\"note\":null,\"top_k\":false}");
        // run B has no run.json: no settings, no error
    }

    @Test
    void meanAndStandardErrorOverReplicates() throws Exception {
        MetricsTable table = MetricsTable.read(runA.resolve("metrics.csv").toString(), CONF);
        assertEquals(List.of("tokens", "entropy", "heldout_perplexity"), table.metrics());
        assertEquals(12, table.rows().size());
        assertEquals(3, table.replicates());
        assertEquals(3, table.lastGeneration());

        MetricSeries entropy = MetricSeries.of(table, "entropy");
        assertArrayEquals(new int[] {0, 1, 2, 3}, entropy.generations());
        assertArrayEquals(new int[] {3, 3, 3, 3}, entropy.n());
        assertEquals(5.0, entropy.mean()[0], 1e-12);
        assertEquals(1 / Math.sqrt(3), entropy.standardError()[0], 1e-12);
        assertEquals(7.0 / 3, entropy.mean()[1], 1e-12);
        assertEquals(Math.sqrt(7) / 3, entropy.standardError()[1], 1e-12);
        assertEquals(3.0, entropy.mean()[2], 0);
        assertEquals(0.0, entropy.standardError()[2], 0);
        assertEquals(0, entropy.infinite() + entropy.nan());
        assertEquals(null, entropy.skippedNote());

        // one replicate: the standard error is 0, not NaN
        MetricsTable one = MetricsTable.parse("replicate,generation,m\n0,0,2.5\n0,1,3.5\n", "one.csv");
        MetricSeries single = MetricSeries.of(one, "m");
        assertArrayEquals(new double[] {2.5, 3.5}, single.mean(), 0);
        assertArrayEquals(new double[] {0, 0}, single.standardError(), 0);
    }

    @Test
    void nonFiniteValuesAreLeftOutAndCounted() throws Exception {
        MetricsTable table = MetricsTable.read(runA.resolve("metrics.csv").toString(), CONF);
        MetricSeries p = MetricSeries.of(table, "heldout_perplexity");
        assertEquals(2, p.infinite());
        assertEquals(1, p.nan());
        assertArrayEquals(new int[] {3, 3, 2, 1}, p.n());
        assertEquals(120.5, p.mean()[2], 1e-12); // 120 and 121; the infinite one is out
        assertEquals(0.5, p.standardError()[2], 1e-12);
        assertEquals(130.0, p.mean()[3], 0);
        assertEquals("2 values were infinite and 1 was NaN, not drawn", p.skippedNote());

        MetricsTable b = MetricsTable.read(runB.resolve("metrics.csv").toString(), CONF);
        MetricSeries zipf = MetricSeries.of(b, "zipf_exponent");
        assertEquals(12, zipf.nan());
        assertFalse(zipf.hasPoints());
        assertEquals("12 values were NaN, not drawn", zipf.skippedNote());

        MetricsTable signs = MetricsTable.parse("replicate,generation,m\n0,0,-Infinity\n1,0,Infinity\n2,0,1.0\n", "s");
        assertEquals(2, MetricSeries.of(signs, "m").infinite());
    }

    @Test
    void markupFromARunFolderRendersAsText() throws Exception {
        // what a run folder can carry into the page: its name, its settings' keys and values, metric names
        Path hostile = Files.createDirectories(dir.resolve("x\"><img src=x onerror=alert(1)>"));
        String metric = "<script>alert('metric')</script>";
        Files.writeString(hostile.resolve("metrics.csv"), "replicate,generation," + metric + "\n0,0,1.0\n0,1,2.0\n");
        Files.writeString(
                hostile.resolve("run.json"), "{\"input\":\"data/<script>alert(1)</script>\",\"<b>key</b>\":\"a&b\"}");
        String html = ReportPage.write(
                        List.of(hostile.toString()), dir.resolve("hostile.html").toString(), CONF)
                .html();
        for (String raw : new String[] {"<script", "<img", "<b>", "onerror=alert(1)>"}) {
            assertFalse(html.contains(raw), "no raw " + raw + " in the page");
        }
        assertTrue(html.contains("data/&lt;script&gt;alert(1)&lt;/script&gt;"), "the setting's value, as text");
        assertTrue(html.contains("&lt;b&gt;key&lt;/b&gt;"), "the setting's key, as text");
        assertTrue(
                html.contains("&lt;script&gt;alert(&#39;metric&#39;)&lt;/script&gt;")
                        || html.contains("&lt;script&gt;alert('metric')&lt;/script&gt;"),
                "the metric's name, as text");
        assertTrue(html.contains("a&amp;b"));
    }

    @Test
    void thePageHasAPlotPerMetricAndBothRunsOnEach() throws Exception {
        ReportPage page = ReportPage.write(
                List.of(runA.toString(), runB.toString()),
                dir.resolve("out/report.html").toString(),
                CONF);
        String html = Files.readString(dir.resolve("out/report.html"));
        assertEquals(html, page.html());
        assertFalse(Files.exists(dir.resolve("out/.report.html.crc")), "no Hadoop checksum file beside the page");

        // the union of columns, in column order: A's, then B's new one
        assertEquals(List.of("tokens", "entropy", "heldout_perplexity", "zipf_exponent"), page.metrics());
        assertEquals(4, count(html, "<svg"));
        assertEquals(4, count(html, "</svg>"));
        assertEquals(List.of("a/fresh", "b&<c>/fresh"), page.labels());
        assertTrue(html.contains("<h2>"), html);
        assertTrue(html.contains("a/fresh"));
        assertTrue(html.contains("b&amp;&lt;c&gt;/fresh"), "labels are escaped");
        assertFalse(html.contains("b&<c>"), "no raw markup from a folder name");
        assertTrue(html.contains("Lines are means over replicates, bands one standard error"));

        // settings of A as a table, in file order; B has none
        assertTrue(
                html.contains("<tr><th>loop</th><td>fresh</td></tr>\n<tr><th>real_fraction</th><td>0.2</td></tr>"),
                html);
        assertTrue(html.contains("<tr><th>note</th><td>null</td></tr>"));
        assertTrue(html.contains("no settings (no run.json)"));

        // tokens and entropy: a band, a line and 4 points for each run
        for (String metric : List.of("tokens", "entropy")) {
            String svg = figure(html, metric);
            for (String label : List.of("a/fresh", "b&amp;&lt;c&gt;/fresh")) {
                String run = "data-run=\"" + label + "\"";
                assertEquals(1, count(svg, "<polygon class=\"band\" " + run), metric + " " + label);
                assertEquals(1, count(svg, "<polyline class=\"line\" " + run), metric + " " + label);
                assertEquals(4, count(svg, "<circle class=\"point\" " + run), metric + " " + label);
            }
            assertTrue(svg.contains(">" + metric + "</text>"), "title");
        }
        // perplexity: only A has it, and its non-finite values are reported
        String perplexity = figure(html, "heldout_perplexity");
        assertEquals(0, count(perplexity, "data-run=\"b&amp;"));
        assertEquals(4, count(perplexity, "<circle class=\"point\""));
        assertTrue(perplexity.contains("a/fresh: 2 values were infinite and 1 was NaN, not drawn"), perplexity);
        assertTrue(perplexity.contains("no heldout_perplexity column in b&amp;&lt;c&gt;/fresh"), perplexity);
        // zipf: all NaN in B, an empty chart that says so
        String zipf = figure(html, "zipf_exponent");
        assertEquals(0, count(zipf, "<circle class=\"point\""));
        assertTrue(zipf.contains("no finite values to draw"), zipf);
        assertTrue(zipf.contains("12 values were NaN, not drawn"), zipf);

        // every plot is well-formed XML with nothing unplottable in it
        Matcher svgs = Pattern.compile("<svg.*?</svg>", Pattern.DOTALL).matcher(html);
        while (svgs.find()) {
            String svg = svgs.group();
            DocumentBuilderFactory.newInstance()
                    .newDocumentBuilder()
                    .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
            assertFalse(svg.contains("NaN") || svg.contains("Infinity"), svg);
        }
    }

    /** N, the tokens per generation of {@link #theoryPage}'s run. */
    private static final long THEORY_N = 100;

    /**
     * The page of a fully synthetic unigram run with theory.json: gini_simpson measured as the
     * prediction D_0 (1 - 1/N)^g, +-0.002; types falling by 10 a generation; a constant vocabulary
     * overlap (a fixed tokenizer's); JS rising from 0.
     */
    private String theoryPage() throws Exception {
        Path run = Files.createDirectories(dir.resolve("theory").resolve("fully-synthetic"));
        long n = THEORY_N;
        double[] d0 = {0.9, 0.8};
        StringBuilder csv =
                new StringBuilder("replicate,generation,types,gini_simpson,vocab_overlap_gen0,js_to_reference\n");
        for (int r = 0; r < 2; r++) {
            for (int g = 0; g <= 3; g++) {
                // measured: the prediction D_0 (1 - 1/N)^g, off by +-0.002 from generation 1 on (a gap of 0 SE)
                double gini = d0[r] * Math.pow(1 - 1.0 / n, g) + (g == 0 ? 0 : r == 0 ? 0.002 : -0.002);
                csv.append(r)
                        .append(',')
                        .append(g)
                        .append(',')
                        .append(100 - 10 * g)
                        .append(',')
                        .append(gini)
                        .append(",1.0,")
                        .append(0.01 * g)
                        .append('\n');
            }
        }
        Files.writeString(run.resolve("metrics.csv"), csv);
        Files.writeString(run.resolve("run.json"), "{\"loop\":\"fully-synthetic\",\"tokenizer\":\"fixed\"}");
        Map<Integer, dev.piecemill.collapse.CollapseTheory.Start> starts = Map.of(
                0, new dev.piecemill.collapse.CollapseTheory.Start(d0[0], n, 0, 0, Map.of(1L, 100L)),
                1, new dev.piecemill.collapse.CollapseTheory.Start(d0[1], n, 0, 0, Map.of(1L, 100L)));
        Files.writeString(
                run.resolve(TheoryInputs.FILE),
                dev.piecemill.jobs.io.JsonFiles.toJson(
                        new TheoryInputs(dev.piecemill.collapse.Loop.FULLY_SYNTHETIC, 0, n, starts)));
        return ReportPage.write(
                        List.of(run.toString()), dir.resolve("theory.html").toString(), CONF)
                .html();
    }

    @Test
    void aPredictionIsDrawnDashedBesideTheMeasuredLineWithItsTable() throws Exception {
        String html = theoryPage();
        String gini = figure(html, "gini_simpson");
        assertEquals(1, count(gini, "<polyline class=\"predicted\""), gini);
        assertEquals(1, count(gini, "<polyline class=\"line\""), gini);
        assertTrue(gini.contains("stroke-dasharray"), gini);
        String table = gini.substring(gini.indexOf("<table class=\"theory\""));
        assertTrue(table.contains("Wright-Fisher drift"), table);
        for (int g = 1; g <= 3; g++) {
            double predicted = 0.85 * Math.pow(1 - 1.0 / THEORY_N, g);
            assertTrue(
                    table.contains("<tr><td>" + g + "</td><td>" + SvgPlot.brief(predicted) + "</td><td>"
                            + SvgPlot.brief(predicted) + "</td><td>+0.00</td></tr>"),
                    "generation " + g + ": " + table);
        }
        // types: exact after one generation, the survival approximation after that
        String types = figure(html, "types");
        assertEquals(1, count(types, "<polyline class=\"predicted\""), types);
        assertTrue(
                types.contains("<tr><td>1</td><td>" + SvgPlot.brief(100 * (1 - Math.pow(1 - 0.01, 100))) + "</td>"),
                types);
        assertTrue(types.contains("<tr><td>2</td><td>&#8776; "), types);
        assertEquals(0, count(figure(html, "js_to_reference"), "class=\"predicted\""), "no prediction for JS");
    }

    @Test
    void aMetricThatCannotVaryIsNotPlottedAndThePageSaysWhy() throws Exception {
        String html = theoryPage();
        assertFalse(html.contains("aria-label=\"vocab_overlap_gen0\""), "not plotted");
        assertTrue(html.contains("Not plotted: vocab_overlap_gen0"), html);
    }

    @Test
    void theSummaryGivesTheFirstAndLastGenerationAndTheChangeOfEachHeadlineMetric() throws Exception {
        String html = theoryPage();
        String summary = html.substring(
                html.indexOf("<table class=\"summary\""),
                html.indexOf("</table>", html.indexOf("<table class=\"summary\"")));
        assertTrue(summary.contains("<td>100 \u2192 70 (-30.0%)</td>"), summary);
        assertTrue(summary.contains("<td>0 \u2192 0.03</td>"), "no percentage of a change from 0: " + summary);
        assertTrue(summary.contains("<td>&#8212;</td>"), "a headline metric the run lacks: " + summary);
    }

    @Test
    void aSingleGenerationIsDrawnAsAPointWithAnErrorBar() throws Exception {
        MetricsTable table = MetricsTable.parse("replicate,generation,flat,one\n0,0,0.5,7\n1,0,0.5,NaN\n", "t.csv");
        for (String metric : List.of("flat", "one")) {
            String svg = SvgPlot.render(
                    metric, List.of(new SvgPlot.Line("run", SvgPlot.color(0), MetricSeries.of(table, metric))));
            DocumentBuilderFactory.newInstance()
                    .newDocumentBuilder()
                    .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
            assertFalse(svg.contains("NaN") || svg.contains("Infinity"), svg);
            assertEquals(1, count(svg, "<circle class=\"point\""), svg);
            assertEquals(1, count(svg, "<line class=\"band\""), svg); // one point: an error bar, no polygon
            assertEquals(1, count(svg, "text-anchor=\"middle\">0</text>"), "one x tick, generation 0: " + svg);
        }
    }

    @Test
    void aConstantIsDrawnWithTicksAroundItsValue() {
        MetricsTable table = MetricsTable.parse("replicate,generation,flat\n0,0,0.5\n1,0,0.5\n", "t.csv");
        String flat = SvgPlot.render("flat", List.of(new SvgPlot.Line("run", "#000", MetricSeries.of(table, "flat"))));
        assertTrue(flat.contains(">0.50</text>"), flat);
    }

    @Test
    void aPlotWithoutDataSaysSo() {
        String empty = SvgPlot.render("nothing", List.of());
        assertTrue(empty.contains("no data"), empty);
    }

    @Test
    void axisTicksFallOnRoundValues() {
        assertEquals(List.of("0.0", "0.2", "0.4", "0.6", "0.8", "1.0"), labels(0.03, 0.97));
        assertEquals(List.of("1.00000e6", "1.00001e6", "1.00002e6", "1.00003e6"), labels(1_000_000, 1_000_030));
        assertEquals(5, SvgPlot.integerStep(40));
        assertEquals(1, SvgPlot.integerStep(10));
    }

    @Test
    void badMetricsNameTheFileAndLine() throws Exception {
        String file = runA.resolve("metrics.csv").toString();
        Files.writeString(runA.resolve("metrics.csv"), "replicate,generation,entropy,tokens\n0,0,1.5,10\n0,1,1.4\n");
        IllegalArgumentException fields =
                assertThrows(IllegalArgumentException.class, () -> ReportPage.load(List.of(runA.toString()), CONF));
        assertEquals(file + " line 3: 3 fields, the header has 4", fields.getMessage());

        Files.writeString(runA.resolve("metrics.csv"), "replicate,generation,entropy\n0,0,1.5\n0,1,high\n");
        IllegalArgumentException number =
                assertThrows(IllegalArgumentException.class, () -> ReportedRun.read(runA.toString(), CONF));
        assertEquals(file + " line 3: entropy \"high\" is not a number", number.getMessage());

        Files.writeString(runA.resolve("metrics.csv"), "generation,replicate,entropy\n0,0,1.5\n");
        IllegalArgumentException header =
                assertThrows(IllegalArgumentException.class, () -> ReportedRun.read(runA.toString(), CONF));
        assertTrue(
                header.getMessage().startsWith(file + " line 1: the header must start with replicate,generation"),
                header.getMessage());

        IllegalArgumentException twice = assertThrows(
                IllegalArgumentException.class,
                () -> MetricsTable.parse("replicate,generation,m\n0,0,1\n0,1,1\n0,0,2\n", "m.csv"));
        assertEquals("m.csv line 4: replicate 0, generation 0 again (first on line 2)", twice.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MetricsTable.parse("replicate,generation,m\n0,-1,1\n", "m"));

        Files.writeString(runB.resolve("run.json"), "{\"loop\": ");
        IllegalArgumentException json =
                assertThrows(IllegalArgumentException.class, () -> ReportedRun.read(runB.toString(), CONF));
        assertTrue(json.getMessage().contains("run.json: malformed JSON"), json.getMessage());
    }

    @Test
    void labelsAreFolderNamesMadeUnique() throws Exception {
        Path other = Files.createDirectories(dir.resolve("c").resolve("augment"));
        Files.copy(runA.resolve("metrics.csv"), other.resolve("metrics.csv"));
        ReportPage page = ReportPage.load(List.of(other.toString(), runA + "/", runA.toString()), CONF);
        assertEquals(List.of("augment", "a/fresh #2", "a/fresh #3"), page.labels());
        assertEquals(Map.of(), page.runs().get(0).settings());
    }

    @Test
    void theReportCommandWritesThePage() throws Exception {
        Path out = dir.resolve("page.html");
        String[] result = run("report", runA.toString(), runB.toString(), "--output", out.toString());
        assertEquals("0", result[0], result[2]);
        assertEquals("report: wrote " + out + " (2 runs, 4 metrics)\n", result[1]);
        assertEquals(4, count(Files.readString(out), "<svg"));

        String[] missing = run("report", dir.resolve("nope").toString(), "--output", out.toString());
        assertEquals("2", missing[0]);
        assertTrue(missing[2].contains("run folder " + dir.resolve("nope") + " does not exist"), missing[2]);

        Files.delete(runB.resolve("metrics.csv"));
        String[] noMetrics = run("report", runB.toString(), "--output", out.toString());
        assertEquals("2", noMetrics[0]);
        assertTrue(
                noMetrics[2].contains("metrics file " + runB.resolve("metrics.csv") + " does not exist"), noMetrics[2]);

        assertEquals("2", run("report")[0], "a run folder is required");
    }

    /** Exit code, stdout and stderr of one command line. */
    private static String[] run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
        ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(outBytes, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
            int code = Main.execute(args);
            return new String[] {
                Integer.toString(code),
                outBytes.toString(StandardCharsets.UTF_8),
                errBytes.toString(StandardCharsets.UTF_8)
            };
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    private static List<String> labels(double lo, double hi) {
        SvgPlot.Axis axis = SvgPlot.Axis.of(lo, hi);
        return Arrays.stream(axis.ticks).mapToObj(axis::label).toList();
    }

    /** The figure (plot and notes) of one metric. */
    private static String figure(String html, String metric) {
        Matcher m = Pattern.compile("<figure id=\"metric-\\d+-" + metric + "\">.*?</figure>", Pattern.DOTALL)
                .matcher(html);
        assertTrue(m.find(), "a figure for " + metric);
        return m.group();
    }

    private static int count(String s, String part) {
        int n = 0;
        for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + part.length())) {
            n++;
        }
        return n;
    }
}
