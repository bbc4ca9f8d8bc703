package dev.piecemill.jobs.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One metric as an inline SVG line chart, written by hand so the page needs no script, library or
 * network: x is the generation, y the metric; per run a line through the means with points, under it a
 * translucent band of mean +- one standard error, and a legend row. Hovering a point shows its numbers
 * (an SVG title, no script).
 */
public final class SvgPlot {
    /** A run's line: its legend label, its color (CSS) and its series. */
    public record Line(String label, String color, MetricSeries series) {}

    /** A run's predicted curve (dashed, in the run's color): the expected value at each generation. */
    public record Prediction(String label, String color, int[] generations, double[] values) {}

    // Color-blind-safe (Okabe-Ito, then darker tones): runs keep their color on every plot.
    private static final String[] PALETTE = {
        "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#8C564B", "#7F7F7F", "#BCBD22"
    };

    static final int WIDTH = 640;
    private static final int PLOT_HEIGHT = 240;
    private static final int TOP = 36;
    private static final int RIGHT = 20;
    private static final int AXIS_SPACE = 46;
    private static final int LEGEND_ROW = 18;
    private static final int Y_TICKS = 5;

    private SvgPlot() {}

    public static String color(int run) {
        return PALETTE[Math.floorMod(run, PALETTE.length)];
    }

    public static String render(String title, List<Line> lines) {
        return render(title, lines, List.of());
    }

    public static String render(String title, List<Line> lines, List<Prediction> predictions) {
        // The x range covers every generation of every run, drawn or not, so gaps show as gaps.
        int minGen = Integer.MAX_VALUE;
        int maxGen = Integer.MIN_VALUE;
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (Line line : lines) {
            MetricSeries s = line.series();
            for (int i = 0; i < s.size(); i++) {
                minGen = Math.min(minGen, s.generations()[i]);
                maxGen = Math.max(maxGen, s.generations()[i]);
                if (s.drawn(i)) {
                    lo = Math.min(lo, s.mean()[i] - s.standardError()[i]);
                    hi = Math.max(hi, s.mean()[i] + s.standardError()[i]);
                }
            }
        }
        for (Prediction p : predictions) {
            for (int i = 0; i < p.generations().length; i++) {
                if (Double.isFinite(p.values()[i])) {
                    minGen = Math.min(minGen, p.generations()[i]);
                    maxGen = Math.max(maxGen, p.generations()[i]);
                    lo = Math.min(lo, p.values()[i]);
                    hi = Math.max(hi, p.values()[i]);
                }
            }
        }
        boolean anyPoint = lo <= hi;
        Axis y = anyPoint ? Axis.of(lo, hi) : null;
        List<String> yLabels = new ArrayList<>();
        if (y != null) {
            for (double t : y.ticks) {
                yLabels.add(y.label(t));
            }
        }
        int longest = yLabels.stream().mapToInt(String::length).max().orElse(1);
        int left = Math.max(48, 16 + (int) Math.ceil(longest * 6.6));
        int plotWidth = WIDTH - left - RIGHT;
        int height = TOP + PLOT_HEIGHT + AXIS_SPACE + LEGEND_ROW * (lines.size() + predictions.size()) + 8;

        // A single generation gets half a generation of room on each side instead of a zero-width axis.
        double xMin = minGen <= maxGen ? (minGen == maxGen ? minGen - 0.5 : minGen) : 0;
        double xMax = minGen <= maxGen ? (minGen == maxGen ? maxGen + 0.5 : maxGen) : 1;
        Frame f =
                new Frame(left, TOP, plotWidth, PLOT_HEIGHT, xMin, xMax, y == null ? 0 : y.min, y == null ? 1 : y.max);

        StringBuilder svg = new StringBuilder(4096);
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"plot\" viewBox=\"0 0 ")
                .append(WIDTH)
                .append(' ')
                .append(height)
                .append("\" width=\"")
                .append(WIDTH)
                .append("\" height=\"")
                .append(height)
                .append("\" role=\"img\" aria-label=\"")
                .append(Xml.escape(title))
                .append("\" font-family=\"sans-serif\"" + " font-size=\"11\">\n");
        svg.append("<text x=\"")
                .append(left)
                .append("\" y=\"22\" font-size=\"14\" font-weight=\"bold\">")
                .append(Xml.escape(title))
                .append("</text>\n");

        // grid and y labels
        if (y != null) {
            for (int i = 0; i < y.ticks.length; i++) {
                String py = num(f.py(y.ticks[i]));
                svg.append("<line x1=\"")
                        .append(left)
                        .append("\" x2=\"")
                        .append(left + plotWidth)
                        .append("\" y1=\"")
                        .append(py)
                        .append("\" y2=\"")
                        .append(py)
                        .append("\" stroke=\"#e4e4e4\"/>\n");
                svg.append("<text x=\"")
                        .append(left - 6)
                        .append("\" y=\"")
                        .append(py)
                        .append("\" text-anchor=\"end\" dominant-baseline=\"middle\">")
                        .append(Xml.escape(yLabels.get(i)))
                        .append("</text>\n");
            }
        }
        // x ticks: integer generations
        int bottom = TOP + PLOT_HEIGHT;
        if (minGen <= maxGen) {
            int step = integerStep(maxGen - minGen);
            for (long g = (long) Math.ceil(minGen / (double) step) * step; g <= maxGen; g += step) {
                String px = num(f.px(g));
                svg.append("<line x1=\"")
                        .append(px)
                        .append("\" x2=\"")
                        .append(px)
                        .append("\" y1=\"")
                        .append(bottom)
                        .append("\" y2=\"")
                        .append(bottom + 4)
                        .append("\" stroke=\"#444\"/>\n");
                svg.append("<text x=\"")
                        .append(px)
                        .append("\" y=\"")
                        .append(bottom + 16)
                        .append("\" text-anchor=\"middle\">")
                        .append(g)
                        .append("</text>\n");
            }
        }
        svg.append("<text x=\"")
                .append(left + plotWidth / 2)
                .append("\" y=\"")
                .append(bottom + 34)
                .append("\" text-anchor=\"middle\" fill=\"#444\">generation</text>\n");
        svg.append("<rect x=\"")
                .append(left)
                .append("\" y=\"")
                .append(TOP)
                .append("\" width=\"")
                .append(plotWidth)
                .append("\" height=\"")
                .append(PLOT_HEIGHT)
                .append("\" fill=\"none\" stroke=\"#444\"/>\n");

        if (!anyPoint) {
            svg.append("<text class=\"note\" x=\"")
                    .append(left + plotWidth / 2)
                    .append("\" y=\"")
                    .append(TOP + PLOT_HEIGHT / 2)
                    .append("\" text-anchor=\"middle\" fill=\"#666\">")
                    .append(lines.isEmpty() ? "no data" : "no finite values to draw")
                    .append("</text>\n");
        }

        // Bands first, then lines, then points: no run's band covers another run's line.
        for (Line line : lines) {
            for (int[] seg : segments(line.series())) {
                svg.append(band(line, seg, f));
            }
        }
        for (Line line : lines) {
            for (int[] seg : segments(line.series())) {
                if (seg[1] - seg[0] > 1) {
                    svg.append("<polyline class=\"line\" data-run=\"")
                            .append(Xml.escape(line.label()))
                            .append("\" fill=\"none\" stroke=\"")
                            .append(line.color())
                            .append("\" stroke-width=\"2\" points=\"");
                    for (int i = seg[0]; i < seg[1]; i++) {
                        MetricSeries s = line.series();
                        svg.append(i > seg[0] ? " " : "")
                                .append(num(f.px(s.generations()[i])))
                                .append(',')
                                .append(num(f.py(s.mean()[i])));
                    }
                    svg.append("\"/>\n");
                }
            }
        }
        for (Prediction p : predictions) {
            svg.append("<polyline class=\"predicted\" data-run=\"")
                    .append(Xml.escape(p.label()))
                    .append("\" fill=\"none\" stroke=\"")
                    .append(p.color())
                    .append("\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\" points=\"");
            boolean first = true;
            for (int i = 0; i < p.generations().length; i++) {
                if (Double.isFinite(p.values()[i])) {
                    svg.append(first ? "" : " ")
                            .append(num(f.px(p.generations()[i])))
                            .append(',')
                            .append(num(f.py(p.values()[i])));
                    first = false;
                }
            }
            svg.append("\"><title>")
                    .append(Xml.escape(p.label() + ": predicted"))
                    .append("</title></polyline>\n");
        }
        for (Line line : lines) {
            MetricSeries s = line.series();
            for (int i = 0; i < s.size(); i++) {
                if (!s.drawn(i)) {
                    continue;
                }
                svg.append("<circle class=\"point\" data-run=\"")
                        .append(Xml.escape(line.label()))
                        .append("\" cx=\"")
                        .append(num(f.px(s.generations()[i])))
                        .append("\" cy=\"")
                        .append(num(f.py(s.mean()[i])))
                        .append("\" r=\"3\" fill=\"")
                        .append(line.color())
                        .append("\"><title>")
                        .append(Xml.escape(
                                line.label() + ", generation " + s.generations()[i] + ": " + brief(s.mean()[i])
                                        + " \u00b1 " + brief(s.standardError()[i]) + " (n = " + s.n()[i] + ")"))
                        .append("</title></circle>\n");
            }
        }

        // legend, one row per run
        int row = bottom + AXIS_SPACE + 4;
        for (Line line : lines) {
            int cy = row + LEGEND_ROW / 2;
            String marker = String.format(
                    Locale.ROOT, "<circle cx=\"%d\" cy=\"%d\" r=\"3\" fill=\"%s\"/>", left + 12, cy, line.color());
            String label = line.label() + (line.series().hasPoints() ? "" : " (no finite values)");
            legendRow(svg, left, cy, line.color(), "stroke-width=\"2\"", marker, label);
            row += LEGEND_ROW;
        }
        for (Prediction p : predictions) {
            int cy = row + LEGEND_ROW / 2;
            String label = p.label() + ": predicted (model-collapse theory)";
            legendRow(svg, left, cy, p.color(), "stroke-width=\"1.5\" stroke-dasharray=\"6 4\"", "", label);
            row += LEGEND_ROW;
        }
        return svg.append("</svg>").toString();
    }

    /** One legend row at height {@code cy}: a short line drawn as its series is (and a marker), then the label. */
    private static void legendRow(
            StringBuilder svg, int left, int cy, String color, String lineStyle, String marker, String label) {
        svg.append(String.format(
                Locale.ROOT,
                "<g class=\"legend\"><line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"%s\" %s/>%s"
                        + "<text x=\"%d\" y=\"%d\" dominant-baseline=\"middle\">%s</text></g>\n",
                left,
                left + 24,
                cy,
                cy,
                color,
                lineStyle,
                marker,
                left + 32,
                cy,
                Xml.escape(label)));
    }

    /** Runs of consecutive drawn points, as [from, to) index pairs: a generation without a value breaks the line. */
    private static List<int[]> segments(MetricSeries s) {
        List<int[]> out = new ArrayList<>();
        int i = 0;
        while (i < s.size()) {
            if (!s.drawn(i)) {
                i++;
                continue;
            }
            int start = i;
            while (i < s.size() && s.drawn(i)) {
                i++;
            }
            out.add(new int[] {start, i});
        }
        return out;
    }

    private static String band(Line line, int[] seg, Frame f) {
        MetricSeries s = line.series();
        String run = Xml.escape(line.label());
        if (seg[1] - seg[0] == 1) {
            // one point alone: the band is an error bar
            int i = seg[0];
            String px = num(f.px(s.generations()[i]));
            return "<line class=\"band\" data-run=\"" + run + "\" x1=\"" + px + "\" x2=\"" + px + "\" y1=\""
                    + num(f.py(s.mean()[i] - s.standardError()[i])) + "\" y2=\""
                    + num(f.py(s.mean()[i] + s.standardError()[i])) + "\" stroke=\"" + line.color()
                    + "\" stroke-opacity=\"0.3\" stroke-width=\"8\"/>\n";
        }
        StringBuilder b = new StringBuilder("<polygon class=\"band\" data-run=\"")
                .append(run)
                .append("\" fill=\"")
                .append(line.color())
                .append("\" fill-opacity=\"0.18\" stroke=\"none\" points=\"");
        for (int i = seg[0]; i < seg[1]; i++) {
            b.append(num(f.px(s.generations()[i])))
                    .append(',')
                    .append(num(f.py(s.mean()[i] + s.standardError()[i])))
                    .append(' ');
        }
        for (int i = seg[1] - 1; i >= seg[0]; i--) {
            b.append(num(f.px(s.generations()[i])))
                    .append(',')
                    .append(num(f.py(s.mean()[i] - s.standardError()[i])))
                    .append(i > seg[0] ? " " : "");
        }
        return b.append("\"/>\n").toString();
    }

    /** Generations between x ticks: 1, 2, 5, 10, 20... so that at most about 10 ticks show. */
    static int integerStep(int span) {
        if (span <= 10) {
            return 1;
        }
        return (int) Math.max(1, Math.round(niceNumber(span / 10.0, false)));
    }

    /** Heckbert's nice numbers: 1, 2 or 5 times a power of ten, near x (rounded) or at least x. */
    static double niceNumber(double x, boolean round) {
        double exp = Math.floor(Math.log10(x));
        double p = Math.pow(10, exp);
        double fraction = x / p;
        double nice;
        if (round) {
            nice = fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10;
        } else {
            nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
        }
        return nice * p;
    }

    /** The y axis: a range widened to whole tick steps, its ticks, and how to print them. */
    static final class Axis {
        final double min;
        final double max;
        final double step;
        final double[] ticks;

        private Axis(double min, double max, double step, double[] ticks) {
            this.min = min;
            this.max = max;
            this.step = step;
            this.ticks = ticks;
        }

        static Axis of(double lo, double hi) {
            if (lo == hi) {
                // a constant series: a small range around it, so the line sits in the middle
                double pad = lo == 0 ? 1 : Math.abs(lo) * 0.05;
                lo -= pad;
                hi += pad;
            }
            double range = niceNumber(hi - lo, false);
            double step = niceNumber(range / (Y_TICKS - 1), true);
            double min = Math.floor(lo / step) * step;
            double max = Math.ceil(hi / step) * step;
            int count = (int) Math.round((max - min) / step) + 1;
            if (!Double.isFinite(range) || !Double.isFinite(step) || step <= 0 || count > 50) {
                // beyond double range (values near 1e308): just the two ends
                return new Axis(lo, hi, Double.NaN, new double[] {lo, hi});
            }
            double[] ticks = new double[count];
            for (int i = 0; i < count; i++) {
                ticks[i] = min + i * step;
            }
            return new Axis(min, max, step, ticks);
        }

        /** Fixed point with as many decimals as the step needs; powers of ten for very large or small values. */
        String label(double v) {
            if (Double.isNaN(step)) {
                return brief(v);
            }
            int k = (int) Math.floor(Math.log10(step) + 1e-9);
            double maxAbs = Math.max(Math.abs(min), Math.abs(max));
            if (maxAbs < 1e6 && k >= -4) {
                return BigDecimal.valueOf(v)
                        .setScale(Math.max(0, -k), RoundingMode.HALF_UP)
                        .toPlainString();
            }
            if (Math.abs(v) < step / 2) {
                return "0";
            }
            int e = (int) Math.floor(Math.log10(maxAbs) + 1e-9);
            BigDecimal mantissa =
                    BigDecimal.valueOf(v / Math.pow(10, e)).setScale(Math.max(0, e - k), RoundingMode.HALF_UP);
            return mantissa.toPlainString() + "e" + e;
        }
    }

    /** Data to pixels. */
    private record Frame(
            double left, double top, double width, double height, double xMin, double xMax, double yMin, double yMax) {
        double px(double x) {
            return left + (x - xMin) / (xMax - xMin) * width;
        }

        double py(double y) {
            return top + height - (y - yMin) / (yMax - yMin) * height;
        }
    }

    /** A pixel coordinate, to a tenth. */
    private static String num(double v) {
        double r = Math.round(v * 10) / 10.0;
        return r == Math.rint(r) ? Long.toString((long) r) : Double.toString(r);
    }

    /** A value in a tooltip: at most six significant digits, no trailing zeros. */
    static String brief(double v) {
        if (!Double.isFinite(v)) {
            return Double.toString(v);
        }
        BigDecimal d = new BigDecimal(v).round(new MathContext(6)).stripTrailingZeros();
        double a = Math.abs(v);
        return a == 0 || (a >= 1e-4 && a < 1e7) ? d.toPlainString() : d.toString();
    }
}
