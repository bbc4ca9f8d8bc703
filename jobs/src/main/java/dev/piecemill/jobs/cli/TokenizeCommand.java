package dev.piecemill.jobs.cli;

import dev.piecemill.jobs.io.CorpusOptions;
import dev.piecemill.jobs.tokenize.PackStage;
import dev.piecemill.jobs.tokenize.TokenizeJob;
import dev.piecemill.jobs.tokenize.TokenizeOptions;
import dev.piecemill.jobs.tokenize.TokenizeSummary;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "tokenize",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Spark job: tokenizes a corpus into Parquet, one row per document "
                    + "(doc_id, ids, num_bytes, num_tokens), with OUTPUT/_summary.json.",
            "With --pack N, then also OUTPUT/packed/: training rows of exactly N token ids, as Parquet or as "
                    + "memory-mappable token shards."
        })
final class TokenizeCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "FILE", description = "BytePiece model (.json or .zip)")
    String model;

    @Mixin
    CorpusArgs corpus;

    @Option(
            names = "--keep-columns",
            split = ",",
            paramLabel = "NAME",
            description = "input columns to copy into the output rows: JSON fields (as strings), Parquet columns "
                    + "(their own types) or WARC headers of WET records (default for WET: url,language)")
    List<String> keepColumns;

    @Mixin
    OutputArgs out;

    @Mixin
    SegmentationArgs segmentation;

    @Mixin
    PackArgs pack;

    @Mixin
    SparkArgs sparkArgs;

    @Override
    public Integer call() throws Exception {
        CorpusOptions input = corpus.toOptions();
        if (keepColumns != null) {
            input = input.keeping(keepColumns);
        }
        TokenizeOptions options = new TokenizeOptions(
                model,
                input,
                out.output,
                segmentation.alpha,
                segmentation.seed,
                segmentation.addBos,
                segmentation.addEos,
                out.skipBadRecords,
                out.overwrite,
                pack.toOptions(spec.commandLine()));
        try (SparkSession spark = sparkArgs.start("piecemill tokenize")) {
            TokenizeSummary summary = TokenizeJob.run(spark, options);
            System.out.println(summary.describe());
            System.out.println(summary.histogram());
            System.out.println("tokenize: wrote " + out.output + " (summary in " + out.output + "/"
                    + TokenizeJob.SUMMARY_FILE + ")");
            if (options.pack() != null) {
                System.out.println("tokenize: packed rows in " + out.output + "/" + PackStage.FOLDER);
            }
        }
        return 0;
    }
}
