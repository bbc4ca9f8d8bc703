package dev.piecemill.jobs.cli;

import dev.piecemill.jobs.tokenize.PackFormat;
import dev.piecemill.jobs.tokenize.PackOptions;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** tokenize --pack: packed training rows, and the options that only mean something with it. */
final class PackArgs {
    @Option(
            names = "--pack",
            paramLabel = "N",
            description = "also write OUTPUT/packed/: rows of exactly N token ids (1 to 1048576), documents in id "
                    + "order, each followed by one <eos> (id 2; with --add-bos, preceded by one <bos>), long ones "
                    + "split across rows; each row lists its doc ids")
    Integer length;

    @Option(
            names = "--pack-buckets",
            paramLabel = "B",
            description = "with --pack: pack within B buckets by a stable hash of the doc id (one task each; each "
                    + "leaves fewer than N tokens over, counted in the summary and not written; default: "
                    + PackOptions.DEFAULT_BUCKETS + ")")
    Integer buckets;

    @Option(
            names = "--pack-format",
            paramLabel = "FORMAT",
            description = "with --pack: parquet (default; bucket, sequence, ids, doc_ids) or bin (flat little-endian "
                    + "uint16/uint32 token shards for np.memmap, one a bucket, described by packed/index.json; doc "
                    + "ids in packed/doc_ids/)")
    String format;

    /** The packing asked for, or null; a bad value or a --pack-* option without --pack is a usage error. */
    PackOptions toOptions(CommandLine commandLine) {
        if (length == null) {
            List<String> given = new ArrayList<>();
            if (buckets != null) {
                given.add("--pack-buckets");
            }
            if (format != null) {
                given.add("--pack-format");
            }
            if (!given.isEmpty()) {
                throw new CommandLine.ParameterException(
                        commandLine, String.join(" and ", given) + " apply to --pack N only");
            }
            return null;
        }
        try {
            return new PackOptions(
                    length,
                    buckets == null ? PackOptions.DEFAULT_BUCKETS : buckets,
                    format == null ? PackFormat.PARQUET : PackFormat.parse(format));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(commandLine, e.getMessage());
        }
    }
}
