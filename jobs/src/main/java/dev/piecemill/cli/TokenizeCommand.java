package dev.piecemill.cli;

import dev.piecemill.tokenize.TokenizeJob;
import dev.piecemill.tokenize.TokenizeOptions;
import dev.piecemill.tokenize.TokenizeSummary;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "tokenize", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Spark job: tokenizes a corpus into Parquet, one row per document "
                + "(doc_id, ids, num_bytes, num_tokens), with OUTPUT/_summary.json."})
final class TokenizeCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "FILE", description = "BytePiece model (.json or .zip)")
    String model;

    @Mixin
    CorpusArgs corpus;

    @Mixin
    OutputArgs out;

    @Mixin
    SegmentationArgs segmentation;

    @Mixin
    SparkArgs sparkArgs;

    @Override
    public Integer call() throws Exception {
        TokenizeOptions options = new TokenizeOptions(model, corpus.toOptions(), out.output, segmentation.alpha,
                segmentation.seed, segmentation.addBos, segmentation.addEos, out.skipBadRecords, out.overwrite);
        try (SparkSession spark = sparkArgs.start("piecemill tokenize")) {
            TokenizeSummary summary = TokenizeJob.run(spark, options);
            System.out.println(summary.describe());
            System.out.println("tokenize: wrote " + out.output + " (summary in " + out.output + "/"
                    + TokenizeJob.SUMMARY_FILE + ")");
        }
        return 0;
    }
}
