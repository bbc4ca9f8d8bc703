package dev.piecemill.tokenize;

import dev.piecemill.io.Corpus;
import dev.piecemill.io.CorpusRecord;
import dev.piecemill.io.JsonFiles;
import dev.piecemill.io.ModelFiles;
import dev.piecemill.io.OutputGuard;
import dev.piecemill.io.Quarantine;
import dev.piecemill.piece.PieceModel;
import dev.piecemill.text.Utf8;
import java.io.IOException;
import java.util.Collections;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Tokenizes a corpus into Parquet token ids: read, tokenize per partition, write. */
public final class TokenizeJob {
    private static final Logger LOG = LoggerFactory.getLogger(TokenizeJob.class);
    public static final String SUMMARY_FILE = "_summary.json";

    private TokenizeJob() {}

    public static TokenizeSummary run(SparkSession spark, TokenizeOptions options) throws IOException {
        long started = System.nanoTime();
        Configuration hadoopConf = spark.sparkContext().hadoopConfiguration();
        OutputGuard.prepare(options.output(), options.overwrite(), hadoopConf);
        PieceModel model = ModelFiles.read(options.model(), hadoopConf);
        LOG.info("tokenize: model {} with {} pieces", options.model(), model.pieceCount());

        Broadcast<PieceModel> broadcast = JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(model);
        Corpus.Source source = Corpus.read(spark, options.corpus());
        TokenizeCounters counters = new TokenizeCounters(spark.sparkContext());
        JavaRDD<Row> rows = source.records().mapPartitions(new TokenizePartition(broadcast, options, counters));
        LOG.info("tokenize: tokenizing {} files into {}", source.files(), options.output());
        spark.createDataFrame(rows, TokenizedSchema.SCHEMA).write().parquet(options.output());
        if (counters.quarantined.value() > 0) {
            writeQuarantine(spark, source, options.output());
        }

        double seconds = (System.nanoTime() - started) / 1e9;
        long bytes = counters.bytes.value();
        long tokens = counters.tokens.value();
        TokenizeSummary summary = new TokenizeSummary(options.model(), options.output(), source.files(),
                source.bytes(), counters.records.value(), counters.documents.value(), counters.quarantined.value(),
                bytes, tokens, tokens == 0 ? 0 : (double) bytes / tokens, seconds, bytes / 1e6 / seconds);
        if (summary.recordsRead() != summary.documents() + summary.quarantined()) {
            throw new IllegalStateException("record counts disagree: " + summary.describe());
        }
        JsonFiles.write(summary, options.output() + "/" + SUMMARY_FILE, hadoopConf);
        return summary;
    }

    /**
     * A second, cheap pass (no tokenization) that writes the bad records; it runs only when the
     * first pass counted some, so a clean corpus is read once.
     */
    private static void writeQuarantine(SparkSession spark, Corpus.Source source, String output) {
        JavaRDD<Row> bad = source.records().flatMap(record -> {
            CorpusRecord.Bad b = badOrNull(record);
            return b == null ? Collections.<Row>emptyIterator() : List.of(Quarantine.row(b)).iterator();
        });
        String path = output + "/" + Quarantine.FOLDER;
        spark.createDataFrame(bad, Quarantine.SCHEMA).coalesce(1).write().parquet(path);
        LOG.warn("tokenize: bad records set aside in {}", path);
    }

    /** The records the tokenize pass refuses: bad ones, and documents with no UTF-8 form. */
    private static CorpusRecord.Bad badOrNull(CorpusRecord record) {
        if (record instanceof CorpusRecord.Bad b) {
            return b;
        }
        CorpusRecord.Document doc = (CorpusRecord.Document) record;
        try {
            Utf8.encode(doc.text());
            return null;
        } catch (IllegalArgumentException noUtf8Form) {
            return doc.asBad(noUtf8Form.getMessage());
        }
    }
}
