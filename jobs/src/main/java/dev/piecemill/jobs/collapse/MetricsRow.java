package dev.piecemill.jobs.collapse;

import dev.piecemill.metrics.CorpusMetrics;
import dev.piecemill.metrics.Metric;
import dev.piecemill.metrics.ModelMetrics;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * One row of {@code DIR/metrics} and {@code DIR/metrics.csv}: {@code replicate},
 * {@code generation}, then every {@link Metric} in its order, counts as longs and the rest as
 * doubles. Rows are read back by column name.
 */
record MetricsRow(int replicate, int generation, CorpusMetrics corpus, ModelMetrics model) {
    static final StructType SCHEMA = schema();

    Row toRow() {
        List<Object> cells = new ArrayList<>();
        cells.add(replicate);
        cells.add(generation);
        for (Metric metric : Metric.values()) {
            double value = metric.of(corpus, model);
            cells.add(metric.kind() == Metric.Kind.COUNT ? (Object) (long) value : value);
        }
        return RowFactory.create(cells.toArray());
    }

    /** A row of the metrics table, its columns found by name. */
    static MetricsRow fromRow(Row row) {
        java.util.function.ToDoubleFunction<Metric> value =
                metric -> ((Number) row.getAs(metric.column())).doubleValue();
        return new MetricsRow(
                row.getAs("replicate"), row.getAs("generation"), CorpusMetrics.from(value), ModelMetrics.from(value));
    }

    static String csvHeader() {
        return "replicate,generation," + String.join(",", Metric.columns());
    }

    String csvLine() {
        StringBuilder line = new StringBuilder().append(replicate).append(',').append(generation);
        for (Metric metric : Metric.values()) {
            double value = metric.of(corpus, model);
            line.append(',')
                    .append(metric.kind() == Metric.Kind.COUNT ? Long.toString((long) value) : Double.toString(value));
        }
        return line.toString();
    }

    private static StructType schema() {
        StructType schema = new StructType()
                .add("replicate", DataTypes.IntegerType, false)
                .add("generation", DataTypes.IntegerType, false);
        for (Metric metric : Metric.values()) {
            schema = schema.add(
                    metric.column(),
                    metric.kind() == Metric.Kind.COUNT ? DataTypes.LongType : DataTypes.DoubleType,
                    false);
        }
        return schema;
    }
}
