package dev.piecemill.jobs.collapse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.piecemill.metrics.CorpusMetrics;
import dev.piecemill.metrics.Metric;
import dev.piecemill.metrics.ModelMetrics;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class MetricsRowTest {
    private static final MetricsRow ROW = new MetricsRow(
            3,
            7,
            new CorpusMetrics(
                    1000,
                    20,
                    300,
                    4.5,
                    0.5,
                    0.25,
                    0.5,
                    0.75,
                    0.875,
                    Double.POSITIVE_INFINITY,
                    0.125,
                    0.0625,
                    0.9,
                    0.8,
                    0.7,
                    1.1),
            new ModelMetrics(55.5, 0.01, Double.NaN, 1.0, 3.25));

    @Test
    void theSchemaIsReplicateGenerationThenEveryMetricCountsAsLongs() {
        List<String> names = new ArrayList<>(List.of("replicate", "generation"));
        names.addAll(Metric.columns());
        assertEquals(names, List.of(MetricsRow.SCHEMA.fieldNames()));
        assertEquals(DataTypes.LongType, MetricsRow.SCHEMA.apply("types").dataType());
        assertEquals(DataTypes.DoubleType, MetricsRow.SCHEMA.apply("entropy").dataType());
        assertEquals(MetricsRow.csvHeader(), String.join(",", names));
    }

    @Test
    void aRowReadsBackByNameWhateverTheOrderOfItsColumns() {
        Row written = ROW.toRow();
        assertEquals(ROW, MetricsRow.fromRow(new GenericRowWithSchema(cells(written), MetricsRow.SCHEMA)));
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < written.length(); i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(5));
        StructField[] fields = new StructField[order.size()];
        Object[] cells = new Object[order.size()];
        for (int i = 0; i < order.size(); i++) {
            fields[i] = MetricsRow.SCHEMA.fields()[order.get(i)];
            cells[i] = written.get(order.get(i));
        }
        assertEquals(ROW, MetricsRow.fromRow(new GenericRowWithSchema(cells, new StructType(fields))));
    }

    @Test
    void theCsvLineHoldsCountsAsIntegersAndTheRestAsJavaDoubles() {
        assertEquals(
                "3,7,1000,20,300,4.5,0.5,0.25,0.5,0.75,0.875,Infinity,0.125,0.0625,0.9,0.8,0.7,1.1,55.5,0.01,NaN,1.0,3.25",
                ROW.csvLine());
    }

    private static Object[] cells(Row row) {
        Object[] cells = new Object[row.length()];
        for (int i = 0; i < cells.length; i++) {
            cells[i] = row.get(i);
        }
        return cells;
    }
}
