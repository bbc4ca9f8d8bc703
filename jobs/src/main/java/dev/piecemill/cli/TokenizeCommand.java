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

    @Option(names = "--output", required = true, paramLabel = "DIR", description = "Parquet output folder")
    String output;

    @Option(names = "--alpha", defaultValue = "-1", paramLabel = "A",
            description = "below 0: most probable segmentation (default); from 0: sampled, p^alpha")
    double alpha;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "S",
            description = "with --alpha >= 0: a document's sample depends only on (seed, doc id)")
    long seed;

    @Option(names = "--add-bos", description = "start each document with <bos> (id 1)")
    boolean addBos;

    @Option(names = "--add-eos", description = "end each document with <eos> (id 2)")
    boolean addEos;

    @Option(names = "--skip-bad-records",
            description = "set bad records aside in OUTPUT/_quarantine (Parquet) instead of stopping")
    boolean skipBadRecords;

    @Option(names = "--overwrite", description = "replace an existing output")
    boolean overwrite;

    @Mixin
    SparkArgs sparkArgs;

    @Override
    public Integer call() throws Exception {
        TokenizeOptions options = new TokenizeOptions(model, corpus.toOptions(), output, alpha, seed, addBos, addEos,
                skipBadRecords, overwrite);
        try (SparkSession spark = sparkArgs.start("piecemill tokenize")) {
            TokenizeSummary summary = TokenizeJob.run(spark, options);
            System.out.println(summary.describe());
            System.out.println("tokenize: wrote " + output + " (summary in " + output + "/"
                    + TokenizeJob.SUMMARY_FILE + ")");
        }
        return 0;
    }
}
