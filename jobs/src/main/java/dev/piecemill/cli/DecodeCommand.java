package dev.piecemill.cli;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import dev.piecemill.piece.ModelFile;
import dev.piecemill.piece.Tokenizer;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "decode", mixinStandardHelpOptions = true,
        description = "Turns JSON Lines with \"ids\" from stdin back into {\"text\": ...} lines (no Spark).")
final class DecodeCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "FILE", description = "BytePiece model (.json or .zip)")
    Path model;

    @Override
    public Integer call() throws IOException {
        Tokenizer tokenizer = new Tokenizer(ModelFile.read(model));
        Writer out = new BufferedWriter(new OutputStreamWriter(System.out,
                StandardCharsets.UTF_8), 1 << 16);
        JsonLinesIn in = new JsonLinesIn(System.in);
        StringBuilder line = new StringBuilder();
        for (String input; (input = in.nextLine()) != null; ) {
            JsonNode ids = in.field(input, "ids");
            if (!ids.isArray()) {
                throw new IllegalArgumentException("stdin line " + in.lineNumber() + ": \"ids\" is not an array");
            }
            int[] values = new int[ids.size()];
            for (int i = 0; i < values.length; i++) {
                JsonNode id = ids.get(i);
                if (!id.canConvertToInt() || !id.isIntegralNumber()) {
                    throw new IllegalArgumentException("stdin line " + in.lineNumber() + ": id " + id + " is not an integer");
                }
                values[i] = id.intValue();
            }
            String text;
            try {
                text = tokenizer.decode(values);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("stdin line " + in.lineNumber() + ": " + e.getMessage());
            }
            line.setLength(0);
            line.append("{\"text\": \"");
            JsonStringEncoder.getInstance().quoteAsString(text, line);
            line.append("\"}\n");
            out.append(line);
        }
        out.flush();
        return 0;
    }
}
