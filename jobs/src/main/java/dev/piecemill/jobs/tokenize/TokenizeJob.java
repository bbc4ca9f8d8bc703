package dev.piecemill.jobs.tokenize;

import dev.piecemill.jobs.io.Corpus;
import dev.piecemill.jobs.io.JsonFiles;
import dev.piecemill.jobs.io.ModelFiles;
import dev.piecemill.jobs.io.OutputGuard;
import dev.piecemill.jobs.io.Quarantine;
import dev.piecemill.jobs.io.RecordCounts;
import dev.piecemill.jobs.io.RecordFilter;
import dev.piecemill.jobs.io.TokenParquet;
import dev.piecemill.jobs.spark.JobProgress;
import dev.piecemill.piece.PieceModel;
import dev.piecemill.util.UserError;
import java.io.IOException;
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
        for (String name : options.corpus().keepColumns()) {
            if (TokenizedTable.ownColumns().contains(name)) {
                throw new UserError("--keep-columns: \"" + name + "\" is a column of the output's own" + " ("
                        + String.join(", ", TokenizedTable.ownColumns()) + "); rename it in the input");
            }
        }
        Configuration hadoopConf = spark.sparkContext().hadoopConfiguration();
        OutputGuard.prepare(options.output(), SUMMARY_FILE, options.overwrite(), hadoopConf);
        PieceModel model = ModelFiles.read(options.model(), hadoopConf);
        LOG.info("tokenize: model {} with {} pieces", options.model(), model.pieceCount());

        Broadcast<PieceModel> broadcast =
                JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(model);
        Corpus.Source source = Corpus.read(spark, options.corpus());
        TokenizeCounters counters = new TokenizeCounters(spark.sparkContext());
        RecordFilter filter = new RecordFilter(options.skipBadRecords(), counters.records, counters.quarantined);
        JavaRDD<Row> rows = source.records().mapPartitions(new TokenizePartition(broadcast, options, filter, counters));
        LOG.info("tokenize: tokenizing {} files into {}", source.files(), options.output());
        JobProgress progress = JobProgress.start(spark.sparkContext(), LOG, "tokenize", source.bytes());
        try {
            TokenParquet.write(spark, rows, TokenizedTable.schema(source.kept()), options.output());
        } finally {
            progress.close();
        }
        if (counters.quarantined.value() > 0) {
            Quarantine.write(spark, source.records(), options.output() + "/" + Quarantine.FOLDER);
        }

        RecordCounts records = counters.recordCounts().requireBalanced("tokenize");
        double seconds = (System.nanoTime() - started) / 1e9;
        long bytes = counters.bytes.value();
        long tokens = counters.tokens.value();
        TokenizeSummary summary = new TokenizeSummary(
                options.model(),
                options.output(),
                source.files(),
                source.bytes(),
                records.read(),
                records.documents(),
                records.quarantined(),
                bytes,
                tokens,
                tokens == 0 ? 0 : (double) bytes / tokens,
                seconds,
                bytes / 1e6 / seconds,
                counters.tokensPerDocument.value().bins(),
                null);
        if (options.pack() != null) {
            summary = summary.withPack(PackStage.run(spark, options, model.vocabSize(), summary));
        }
        JsonFiles.write(summary, options.output() + "/" + SUMMARY_FILE, hadoopConf);
        return summary;
    }
}
