package dev.piecemill.jobs.cli;

import dev.piecemill.piece.ModelFile;
import dev.piecemill.piece.Tokenizer;
import dev.piecemill.util.Seeds;
import dev.piecemill.util.UserError;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "encode",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Tokenizes JSON Lines from stdin (no Spark): one {\"ids\": [...]} line out per line in, "
                    + "in input order.",
            "With --alpha >= 0 and --seed S, line i's sample depends only on (S, i)."
        })
final class EncodeCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "FILE", description = "BytePiece model (.json or .zip)")
    Path model;

    @Option(names = "--text", paramLabel = "STRING", description = "encode this string instead of reading stdin")
    String text;

    /** How stdin's lines are read. */
    enum LineFormat {
        JSONL,
        TEXT
    }

    @Option(
            names = "--input-format",
            defaultValue = "jsonl",
            paramLabel = "FORMAT",
            converter = KebabEnum.LineFormats.class,
            completionCandidates = KebabEnum.LineFormats.class,
            description = "${COMPLETION-CANDIDATES}: text reads each line as a document (default: ${DEFAULT-VALUE})")
    LineFormat inputFormat;

    @Option(
            names = "--text-field",
            defaultValue = "text",
            paramLabel = "NAME",
            description = "JSON field with the text (default: ${DEFAULT-VALUE})")
    String textField;

    @Mixin
    SegmentationArgs segmentation;

    @Option(names = "--pieces", description = "also output the pieces as strings")
    boolean pieces;

    @Option(names = "--threads", paramLabel = "N", description = "encoding threads (default: the machine's cores)")
    int threads = Runtime.getRuntime().availableProcessors();

    @Override
    public Integer call() throws IOException {
        boolean jsonl = inputFormat == LineFormat.JSONL;
        if (threads < 1) {
            throw new UserError("--threads must be at least 1");
        }
        Tokenizer tokenizer = new Tokenizer(ModelFile.read(model));
        Decimals decimals = new Decimals(tokenizer.vocabSize());
        ThreadLocal<IntArrayList> idBuffers = ThreadLocal.withInitial(IntArrayList::new);
        LineStreamer.LineHandler encodeLine = (block, start, end, lineNumber, out) -> {
            IntArrayList ids = idBuffers.get();
            ids.clear();
            double alpha = segmentation.alpha;
            SplittableRandom random = alpha >= 0 ? Seeds.forRecord(segmentation.seed, lineNumber - 1) : null;
            try {
                if (jsonl) {
                    String doc =
                            JsonFields.text(LineStreamer.text(block, start, end, lineNumber), textField, lineNumber);
                    tokenizer.encode(doc, segmentation.addBos, segmentation.addEos, alpha, random, ids);
                } else { // text lines are tokenized as the bytes they are: no String made
                    LineStreamer.requireUtf8(block, start, end, lineNumber);
                    tokenizer.encodeUtf8(
                            block, start, end, segmentation.addBos, segmentation.addEos, alpha, random, ids);
                }
            } catch (IllegalArgumentException e) {
                throw e.getMessage().startsWith("stdin line")
                        ? e
                        : new UserError("stdin line " + lineNumber + ": " + e.getMessage());
            }
            write(tokenizer, ids, decimals, out);
        };
        OutputStream stdout = new BufferedOutputStream(System.out, 1 << 16);
        if (text != null) {
            ByteSink out = new ByteSink();
            IntArrayList ids = new IntArrayList();
            double alpha = segmentation.alpha;
            tokenizer.encode(
                    text,
                    segmentation.addBos,
                    segmentation.addEos,
                    alpha,
                    alpha >= 0 ? Seeds.forRecord(segmentation.seed, 0) : null,
                    ids);
            write(tokenizer, ids, decimals, out);
            stdout.write(out.toByteArray());
            stdout.flush();
        } else {
            LineStreamer.run(System.in, stdout, threads, encodeLine);
        }
        return 0;
    }

    /** One output line: {"ids": [...]} and, when asked, "pieces". */
    private void write(Tokenizer tokenizer, IntArrayList ids, Decimals decimals, ByteSink out) {
        out.ascii("{\"ids\": [");
        out.decimals(ids, decimals);
        out.write(']');
        if (pieces) {
            out.ascii(", \"pieces\": [");
            String[] texts = tokenizer.pieces(ids.toIntArray());
            for (int i = 0; i < texts.length; i++) {
                if (i > 0) {
                    out.ascii(", ");
                }
                out.jsonString(texts[i]);
            }
            out.write(']');
        }
        out.ascii("}\n");
    }
}
