package dev.piecemill.metrics;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The metrics of one collapse generation, each defined here once: its column (the constant's name
 * in lower case), whether it is a count (a long column) or a real, and which value of
 * {@link CorpusMetrics} or {@link ModelMetrics} it is. Columns, the Parquet schema, the CSV header
 * and the reading of rows by name all come from this list, in this order; the README's metrics
 * table lists the same columns (a test checks it).
 */
public enum Metric {
    TOKENS(Kind.COUNT, CorpusMetrics::tokens),
    DOCUMENTS(Kind.COUNT, CorpusMetrics::documents),
    TYPES(Kind.COUNT, CorpusMetrics::types),
    ENTROPY(Kind.REAL, CorpusMetrics::entropy),
    GINI_SIMPSON(Kind.REAL, CorpusMetrics::giniSimpson),
    DISTINCT_1(Kind.REAL, CorpusMetrics::distinct1),
    DISTINCT_2(Kind.REAL, CorpusMetrics::distinct2),
    DISTINCT_3(Kind.REAL, CorpusMetrics::distinct3),
    DISTINCT_4(Kind.REAL, CorpusMetrics::distinct4),
    KL_TO_REFERENCE(Kind.REAL, CorpusMetrics::klToReference),
    JS_TO_REFERENCE(Kind.REAL, CorpusMetrics::jsToReference),
    TAIL_MASS(Kind.REAL, CorpusMetrics::tailMass),
    NGRAM_PRECISION(Kind.REAL, CorpusMetrics::ngramPrecision),
    NGRAM_RECALL(Kind.REAL, CorpusMetrics::ngramRecall),
    NGRAM_RECALL_MASS(Kind.REAL, CorpusMetrics::ngramRecallMass),
    ZIPF_EXPONENT(Kind.REAL, CorpusMetrics::zipfExponent),
    HELDOUT_PERPLEXITY(ModelMetrics::heldoutPerplexity),
    HELDOUT_OOV_RATE(ModelMetrics::heldoutOovRate),
    SAMPLE_PERPLEXITY_REFERENCE(ModelMetrics::samplePerplexityReference),
    VOCAB_OVERLAP_GEN0(ModelMetrics::vocabOverlapGen0),
    HELDOUT_BYTES_PER_TOKEN(ModelMetrics::heldoutBytesPerToken);

    /** How a metric is stored: counts as longs, the rest as doubles. */
    public enum Kind {
        COUNT,
        REAL
    }

    private final Kind kind;
    private final ToDoubleFunction<CorpusMetrics> ofCorpus;
    private final ToDoubleFunction<ModelMetrics> ofModel;

    Metric(Kind kind, ToDoubleFunction<CorpusMetrics> ofCorpus) {
        this.kind = kind;
        this.ofCorpus = ofCorpus;
        this.ofModel = null;
    }

    /** A metric of the generation's models, a real. */
    Metric(ToDoubleFunction<ModelMetrics> ofModel) {
        this.kind = Kind.REAL;
        this.ofCorpus = null;
        this.ofModel = ofModel;
    }

    /** The column name: snake_case, as in {@code metrics.csv}. */
    public String column() {
        return name().toLowerCase(Locale.ROOT);
    }

    public Kind kind() {
        return kind;
    }

    /** Whether this is a metric of the corpus (the rest are of the generation's models). */
    public boolean ofCorpus() {
        return ofCorpus != null;
    }

    public double of(CorpusMetrics corpus) {
        if (ofCorpus == null) {
            throw new IllegalArgumentException(column() + " is a model metric, not a corpus one");
        }
        return ofCorpus.applyAsDouble(corpus);
    }

    public double of(ModelMetrics model) {
        if (ofModel == null) {
            throw new IllegalArgumentException(column() + " is a corpus metric, not a model one");
        }
        return ofModel.applyAsDouble(model);
    }

    /** This metric's value in a generation's metrics. */
    public double of(CorpusMetrics corpus, ModelMetrics model) {
        return ofCorpus() ? of(corpus) : of(model);
    }

    /** Every column, in order. */
    public static List<String> columns() {
        return Arrays.stream(values()).map(Metric::column).toList();
    }

    /** The metric of a column name. */
    public static Metric ofColumn(String column) {
        for (Metric metric : values()) {
            if (metric.column().equals(column)) {
                return metric;
            }
        }
        throw new IllegalArgumentException("no metric " + column + "; the metrics are " + columns());
    }
}
