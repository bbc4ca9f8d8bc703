package dev.piecemill.jobs.cli;

import picocli.CommandLine.Option;

/** Where a Spark job writes, and what it does with what is in the way; shared by the jobs. */
final class OutputArgs {
    @Option(names = "--output", required = true, paramLabel = "DIR", description = "output folder")
    String output;

    @Option(
            names = "--skip-bad-records",
            description = "set bad records aside in OUTPUT/_quarantine (Parquet) instead of stopping")
    boolean skipBadRecords;

    @Option(names = "--overwrite", description = "replace an existing output")
    boolean overwrite;
}
