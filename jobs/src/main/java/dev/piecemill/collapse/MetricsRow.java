package dev.piecemill.collapse;

import dev.piecemill.metrics.CorpusMetrics;
import dev.piecemill.metrics.ModelMetrics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * One row of {@code DIR/metrics} and {@code DIR/metrics.csv}: {@code replicate},
 * {@code generation}, then the corpus metrics ({@link CorpusMetrics#COLUMNS}) and the model
 * metrics ({@link ModelMetrics#COLUMNS}). Counts are longs, the rest doubles.
 */
record MetricsRow(int replicate, int generation, CorpusMetrics corpus, ModelMetrics model) {
    private static final Set<String> COUNTS = Set.of("tokens", "documents", "types");
    static final List<String> METRICS = concat(CorpusMetrics.COLUMNS, ModelMetrics.COLUMNS);
    static final StructType SCHEMA = schema();

    Map<String, Double> values() {
        Map<String, Double> values = new LinkedHashMap<>(corpus.toMap());
        values.putAll(model.toMap());
        return values;
    }

    Row toRow() {
        List<Object> cells = new ArrayList<>();
        cells.add(replicate);
        cells.add(generation);
        values().forEach((name, v) -> cells.add(COUNTS.contains(name) ? (Object) v.longValue() : v));
        return RowFactory.create(cells.toArray());
    }

    static MetricsRow fromRow(Row row) {
        double[] v = new double[METRICS.size()];
        for (int i = 0; i < v.length; i++) {
            Object cell = row.get(i + 2);
            v[i] = ((Number) cell).doubleValue();
        }
        CorpusMetrics corpus = new CorpusMetrics((long) v[0], (int) v[1], (int) v[2], v[3], v[4], v[5], v[6], v[7], v[8],
                v[9], v[10], v[11], v[12], v[13], v[14], v[15]);
        ModelMetrics model = new ModelMetrics(v[16], v[17], v[18], v[19], v[20]);
        return new MetricsRow(row.getInt(0), row.getInt(1), corpus, model);
    }

    static String csvHeader() {
        return "replicate,generation," + String.join(",", METRICS);
    }

    String csvLine() {
        StringBuilder line = new StringBuilder().append(replicate).append(',').append(generation);
        values().forEach((name, v) -> line.append(',').append(COUNTS.contains(name) ? Long.toString(v.longValue())
                : Double.toString(v)));
        return line.toString();
    }

    private static StructType schema() {
        StructType schema = new StructType().add("replicate", DataTypes.IntegerType, false)
                .add("generation", DataTypes.IntegerType, false);
        for (String name : METRICS) {
            schema = schema.add(name, COUNTS.contains(name) ? DataTypes.LongType : DataTypes.DoubleType, false);
        }
        return schema;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return List.copyOf(all);
    }
}
