package dev.piecemill.jobs.cli;

import dev.piecemill.export.HfTokenizerJson;
import dev.piecemill.export.SentencePieceModelProto;
import dev.piecemill.export.SentencePieceVocabulary;
import dev.piecemill.jobs.io.AtomicFiles;
import dev.piecemill.piece.ModelFile;
import dev.piecemill.piece.PieceModel;
import dev.piecemill.util.UserError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "export",
        mixinStandardHelpOptions = true,
        description = "Writes a model as a Hugging Face tokenizer.json (--to hf) or as a SentencePiece model"
                + " file (--to sentencepiece) that encodes text to the same ids (no Spark).")
final class ExportCommand implements Callable<Integer> {
    enum Target {
        HF,
        SENTENCEPIECE
    }

    private static final int SHOWN_IDS = 10;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "FILE", description = "BytePiece model (.json or .zip)")
    Path model;

    @Option(
            names = "--to",
            required = true,
            paramLabel = "FORMAT",
            converter = KebabEnum.ExportTargets.class,
            completionCandidates = KebabEnum.ExportTargets.class,
            description = "${COMPLETION-CANDIDATES}")
    Target to;

    @Option(names = "--output", required = true, paramLabel = "PATH", description = "the file to write")
    Path output;

    @Option(names = "--overwrite", description = "replace an existing output")
    boolean overwrite;

    @Override
    public Integer call() throws IOException {
        if (Files.isDirectory(output)) {
            throw new UserError("output " + output + " is a directory; --output names the file to write");
        }
        if (Files.exists(output) && !overwrite) {
            throw new UserError("output " + output + " already exists; pass --overwrite to replace it");
        }
        PieceModel pieces = ModelFile.read(model);
        String report;
        if (to == Target.HF) {
            AtomicFiles.writeLocal(output, out -> HfTokenizerJson.write(pieces, out));
            report = "";
        } else {
            SentencePieceVocabulary vocabulary = SentencePieceVocabulary.of(pieces);
            AtomicFiles.writeLocal(output, out -> SentencePieceModelProto.write(vocabulary, out));
            report = "; then " + (vocabulary.entries().size() - pieces.vocabSize()) + " ids SentencePiece"
                    + " requires and never produces (byte pieces <0x01>-<0x7F>, " + SentencePieceVocabulary.UNK
                    + ")" + leftOutReport(vocabulary.leftOut());
        }
        spec.commandLine()
                .getOut()
                .println("export: wrote " + output + " (" + KebabEnum.spelling(to) + ", " + pieces.vocabSize()
                        + " ids: 0-2 <pad> <bos> <eos>, pieces from 3)" + report);
        spec.commandLine().getOut().flush();
        return 0;
    }

    /** Never silent: how many pieces SentencePiece lacks, and the first ids. */
    private static String leftOutReport(List<Integer> leftOut) {
        if (leftOut.isEmpty()) {
            return "; every piece is representable";
        }
        String ids = leftOut.stream().limit(SHOWN_IDS).map(String::valueOf).collect(Collectors.joining(", "));
        return "; left out " + leftOut.size() + " pieces SentencePiece cannot represent (not valid UTF-8,"
                + " or holding U+0000), their ids kept unused: " + ids + (leftOut.size() > SHOWN_IDS ? ", ..." : "");
    }
}
