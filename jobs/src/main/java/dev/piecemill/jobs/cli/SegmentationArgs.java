package dev.piecemill.jobs.cli;

import picocli.CommandLine.Option;

/** How documents are segmented and framed; shared by encode and tokenize. */
final class SegmentationArgs {
    @Option(
            names = "--alpha",
            defaultValue = "-1",
            paramLabel = "A",
            description = "below 0: most probable segmentation (default); from 0: sampled, p^alpha")
    double alpha;

    @Option(
            names = "--seed",
            defaultValue = "0",
            paramLabel = "S",
            description = "with --alpha >= 0, a document's sample depends only on the seed and the document"
                    + " (its id; its line number for encode)")
    long seed;

    @Option(names = "--add-bos", description = "start each document with <bos> (id 1)")
    boolean addBos;

    @Option(names = "--add-eos", description = "end each document with <eos> (id 2)")
    boolean addEos;
}
