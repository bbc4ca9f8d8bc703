package dev.piecemill.cli;

import dev.piecemill.export.HfTokenizerJson;
import dev.piecemill.export.SentencePieceModelProto;
import dev.piecemill.export.SentencePieceVocabulary;
import dev.piecemill.piece.ModelFile;
import dev.piecemill.piece.PieceModel;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Writes a model as a Hugging Face tokenizer.json (--to hf) or as a SentencePiece model"
                + " file (--to sentencepiece) that encodes text to the same ids (no Spark).")
final class ExportCommand implements Callable<Integer> {
    static final List<String> TARGETS = List.of("hf", "sentencepiece");
    private static final int SHOWN_IDS = 10;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "FILE", description = "BytePiece model (.json or .zip)")
    Path model;

    @Option(names = "--to", required = true, paramLabel = "FORMAT", description = "hf or sentencepiece")
    String to;

    @Option(names = "--output", required = true, paramLabel = "PATH", description = "the file to write")
    Path output;

    @Option(names = "--overwrite", description = "replace an existing output")
    boolean overwrite;

    @Override
    public Integer call() throws IOException {
        if (!TARGETS.contains(to)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "unknown --to \"" + to + "\": expected hf or sentencepiece");
        }
        if (Files.isDirectory(output)) {
            throw new IllegalArgumentException("output " + output + " is a directory; --output names the file to write");
        }
        if (Files.exists(output) && !overwrite) {
            throw new IllegalArgumentException("output " + output + " already exists; pass --overwrite to replace it");
        }
        PieceModel pieces = ModelFile.read(model);
        String report;
        Path partial = partialFile();
        try (OutputStream out = Files.newOutputStream(partial, StandardOpenOption.CREATE_NEW)) {
            if (to.equals("hf")) {
                HfTokenizerJson.write(pieces, out);
                report = "";
            } else {
                SentencePieceVocabulary vocabulary = SentencePieceVocabulary.of(pieces);
                SentencePieceModelProto.write(vocabulary, out);
                report = "; then " + (vocabulary.entries().size() - pieces.vocabSize()) + " ids SentencePiece"
                        + " requires and never produces (byte pieces <0x01>-<0x7F>, <unk>)"
                        + leftOutReport(vocabulary.leftOut());
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(partial);
            throw e;
        }
        // Moved into place whole: a reader never sees half a file under the output's name.
        Files.move(partial, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        spec.commandLine().getOut().println("export: wrote " + output + " (" + to + ", " + pieces.vocabSize()
                + " ids: 0-2 <pad> <bos> <eos>, pieces from 3)" + report);
        spec.commandLine().getOut().flush();
        return 0;
    }

    /**
     * A new file beside the output, so the final move stays on one file system; made as any file
     * is (the umask's permissions, not a temporary file's owner-only ones).
     */
    private Path partialFile() throws IOException {
        Path parent = output.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path partial = parent.resolve("." + output.getFileName() + "." + ProcessHandle.current().pid() + ".partial");
        Files.deleteIfExists(partial); // left by a killed run of a process with our pid
        return partial;
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
