package dev.piecemill.jobs.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.piecemill.piece.ModelFile;
import dev.piecemill.piece.Tokenizer;
import dev.piecemill.util.UserError;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "decode",
        mixinStandardHelpOptions = true,
        description = "Turns JSON Lines with \"ids\" from stdin back into {\"text\": ...} lines (no Spark).")
final class DecodeCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "FILE", description = "BytePiece model (.json or .zip)")
    Path model;

    @Option(names = "--threads", paramLabel = "N", description = "decoding threads (default: the machine's cores)")
    int threads = Runtime.getRuntime().availableProcessors();

    @Override
    public Integer call() throws IOException {
        if (threads < 1) {
            throw new UserError("--threads must be at least 1");
        }
        decode(new Tokenizer(ModelFile.read(model)), System.in, new BufferedOutputStream(System.out, 1 << 16), threads);
        return 0;
    }

    /** Each line's {"ids": [...]} as a {"text": ...} line, in input order; a bad line is a UserError naming it. */
    static void decode(Tokenizer tokenizer, InputStream in, OutputStream out, int threads) throws IOException {
        LineStreamer.run(in, out, threads, (block, start, end, lineNumber, sink) -> {
            String line = LineStreamer.text(block, start, end, lineNumber);
            int[] ids = ids(JsonFields.field(line, "ids", lineNumber), lineNumber);
            String text;
            try {
                text = tokenizer.decode(ids);
            } catch (IllegalArgumentException e) {
                throw new UserError("stdin line " + lineNumber + ": " + e.getMessage());
            }
            sink.ascii("{\"text\": ");
            sink.jsonString(text);
            sink.ascii("}\n");
        });
    }

    private static int[] ids(JsonNode array, long lineNumber) {
        if (!array.isArray()) {
            throw new UserError("stdin line " + lineNumber + ": \"ids\" is not an array");
        }
        int[] ids = new int[array.size()];
        for (int i = 0; i < ids.length; i++) {
            JsonNode id = array.get(i);
            if (!id.isIntegralNumber() || !id.canConvertToInt()) {
                throw new UserError("stdin line " + lineNumber + ": id " + id + " is not an integer");
            }
            ids[i] = id.intValue();
        }
        return ids;
    }
}
