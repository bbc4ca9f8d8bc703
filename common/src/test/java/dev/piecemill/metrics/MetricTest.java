package dev.piecemill.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class MetricTest {
    /** Every value distinct, so a metric reading another's value shows. */
    private static final CorpusMetrics CORPUS =
            new CorpusMetrics(1, 2, 3, 4.5, 5.5, 6.5, 7.5, 8.5, 9.5, 10.5, 11.5, 12.5, 13.5, 14.5, 15.5, 16.5);

    private static final ModelMetrics MODEL = new ModelMetrics(17.5, 18.5, 19.5, 20.5, 21.5);

    @Test
    void eachRecordComponentIsExactlyOneMetric() {
        Set<Double> values = new HashSet<>();
        for (Metric metric : Metric.values()) {
            values.add(metric.of(CORPUS, MODEL));
        }
        int components =
                CorpusMetrics.class.getRecordComponents().length + ModelMetrics.class.getRecordComponents().length;
        assertEquals(components, Metric.values().length);
        assertEquals(components, values.size(), "no two metrics read the same component");
        assertEquals(
                CorpusMetrics.class.getRecordComponents().length,
                java.util.Arrays.stream(Metric.values())
                        .filter(Metric::ofCorpus)
                        .count());
    }

    @Test
    void metricsReadBackByNameAreTheSame() {
        assertEquals(CORPUS, CorpusMetrics.from(metric -> metric.of(CORPUS, MODEL)));
        assertEquals(MODEL, ModelMetrics.from(metric -> metric.of(CORPUS, MODEL)));
        assertEquals(5.5, CORPUS.get("gini_simpson"));
    }

    @Test
    void countsAreTheCorpusSizes() {
        List<Metric> counts = java.util.Arrays.stream(Metric.values())
                .filter(m -> m.kind() == Metric.Kind.COUNT)
                .toList();
        assertEquals(List.of(Metric.TOKENS, Metric.DOCUMENTS, Metric.TYPES), counts);
    }

    @Test
    void anUnknownColumnOrAMetricOfTheOtherRecordIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Metric.ofColumn("perplexity"));
        assertEquals("no metric perplexity; the metrics are " + Metric.columns(), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CORPUS.get("heldout_perplexity"));
        assertThrows(IllegalArgumentException.class, () -> Metric.TOKENS.of(MODEL));
    }

    /** The README's metrics table (the one whose header is "column | definition") names every column, in order. */
    @Test
    void theReadmeTableListsExactlyTheMetrics() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("..", "README.md"));
        int header = lines.indexOf("| column | definition |");
        assertTrue(header >= 0, "the README has a metrics table");
        assertEquals(-1, lines.subList(header + 1, lines.size()).indexOf("| column | definition |"), "one such table");
        List<String> listed = new ArrayList<>();
        Pattern range = Pattern.compile("`([a-z_]+)(\\d+)` \\.\\. `\\1(\\d+)`");
        Pattern name = Pattern.compile("`([a-z0-9_]+)`");
        for (String line : lines.subList(header + 2, lines.size())) {
            if (!line.startsWith("|")) {
                break;
            }
            String names = line.split("\\|")[1];
            Matcher r = range.matcher(names);
            if (r.find()) {
                for (int n = Integer.parseInt(r.group(2)); n <= Integer.parseInt(r.group(3)); n++) {
                    listed.add(r.group(1) + n);
                }
                continue;
            }
            Matcher m = name.matcher(names);
            while (m.find()) {
                listed.add(m.group(1));
            }
        }
        assertEquals(Metric.columns(), listed);
    }
}
