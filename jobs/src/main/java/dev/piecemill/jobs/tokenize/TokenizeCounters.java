package dev.piecemill.jobs.tokenize;

import dev.piecemill.jobs.io.RecordCounts;
import dev.piecemill.jobs.spark.HistogramAccumulator;
import dev.piecemill.jobs.spark.JobProgress;
import java.io.Serializable;
import org.apache.spark.SparkContext;
import org.apache.spark.util.LongAccumulator;

/** The job's counts, as accumulators updated inside the write action (so applied exactly once). */
final class TokenizeCounters implements Serializable {
    private static final long serialVersionUID = 1L;
    final LongAccumulator records;
    final LongAccumulator documents;
    final LongAccumulator quarantined;
    final LongAccumulator bytes;
    final LongAccumulator tokens;
    final HistogramAccumulator tokensPerDocument;

    TokenizeCounters(SparkContext sc) {
        records = sc.longAccumulator("records read");
        documents = sc.longAccumulator(JobProgress.DOCUMENTS);
        quarantined = sc.longAccumulator("quarantined");
        bytes = sc.longAccumulator(JobProgress.TEXT_BYTES);
        tokens = sc.longAccumulator("tokens");
        tokensPerDocument = new HistogramAccumulator();
        sc.register(tokensPerDocument, "tokens per document");
    }

    RecordCounts recordCounts() {
        return new RecordCounts(records.value(), documents.value(), quarantined.value());
    }
}
