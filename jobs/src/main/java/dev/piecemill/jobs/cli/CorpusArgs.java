package dev.piecemill.jobs.cli;

import dev.piecemill.jobs.io.CorpusOptions;
import dev.piecemill.jobs.io.InputFormat;
import dev.piecemill.util.UserError;
import java.util.List;
import picocli.CommandLine.Option;

/** The input options every corpus-reading job takes. */
final class CorpusArgs {
    @Option(
            names = "--input",
            required = true,
            arity = "1..*",
            paramLabel = "PATH",
            description = "files, folders or globs (.gz, .bz2, .zst read by extension)")
    List<String> inputs;

    @Option(
            names = "--format",
            paramLabel = "FORMAT",
            converter = KebabEnum.InputFormats.class,
            completionCandidates = KebabEnum.InputFormats.class,
            description = "${COMPLETION-CANDIDATES}: text is a document per line, wet Common Crawl's; default: from "
                    + "the file names")
    InputFormat format;

    @Option(
            names = "--text-field",
            defaultValue = "text",
            paramLabel = "NAME",
            description = "JSON field or Parquet column with the text (default: ${DEFAULT-VALUE})")
    String textField;

    @Option(
            names = "--id-field",
            paramLabel = "NAME",
            description = "field or column with document ids (default: file:offset)")
    String idField;

    @Option(
            names = "--max-record-bytes",
            defaultValue = "" + CorpusOptions.DEFAULT_MAX_RECORD_BYTES,
            paramLabel = "N",
            description = "longer records are bad records (default: ${DEFAULT-VALUE})")
    int maxRecordBytes;

    @Option(
            names = "--split-bytes",
            defaultValue = "" + CorpusOptions.DEFAULT_SPLIT_BYTES,
            paramLabel = "N",
            description = "uncompressed files are read in ranges of at most this size (default: ${DEFAULT-VALUE})")
    long splitBytes;

    CorpusOptions toOptions() {
        if (maxRecordBytes <= 0 || splitBytes <= 0) {
            throw new UserError("--max-record-bytes and --split-bytes must be positive");
        }
        return new CorpusOptions(inputs, format, textField, idField, maxRecordBytes, splitBytes);
    }
}
