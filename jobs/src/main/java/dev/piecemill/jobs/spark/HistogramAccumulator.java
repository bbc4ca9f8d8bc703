package dev.piecemill.jobs.spark;

import dev.piecemill.metrics.LengthHistogram;
import org.apache.spark.util.AccumulatorV2;

/** A {@link LengthHistogram} filled by tasks and summed on the driver (exact: bins add up). */
public final class HistogramAccumulator extends AccumulatorV2<Long, LengthHistogram> {
    private static final long serialVersionUID = 1L;
    private final LengthHistogram histogram = new LengthHistogram();

    @Override
    public boolean isZero() {
        return histogram.isEmpty();
    }

    @Override
    public AccumulatorV2<Long, LengthHistogram> copy() {
        HistogramAccumulator copy = new HistogramAccumulator();
        copy.histogram.merge(histogram);
        return copy;
    }

    @Override
    public void reset() {
        histogram.reset();
    }

    @Override
    public void add(Long length) {
        histogram.add(length);
    }

    /** Adds one length without boxing. */
    public void add(long length) {
        histogram.add(length);
    }

    @Override
    public void merge(AccumulatorV2<Long, LengthHistogram> other) {
        histogram.merge(other.value());
    }

    @Override
    public LengthHistogram value() {
        return histogram;
    }
}
