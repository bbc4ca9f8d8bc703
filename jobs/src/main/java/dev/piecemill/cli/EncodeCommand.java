package dev.piecemill.cli;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.piecemill.piece.ModelFile;
import dev.piecemill.piece.Tokenizer;
import dev.piecemill.util.Seeds;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "encode", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Tokenizes JSON Lines from stdin (no Spark): one {\"ids\": [...]} line out per line in.",
                "With --alpha >= 0 and --seed S, line i's sample depends only on (S, i)."})
final class EncodeCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "FILE", description = "BytePiece model (.json or .zip)")
    Path model;

    @Option(names = "--text", paramLabel = "STRING", description = "encode this string instead of reading stdin")
    String text;

    @Option(names = "--input-format", defaultValue = "jsonl", paramLabel = "FORMAT",
            description = "jsonl (default) or text (each line is a document)")
    String inputFormat;

    @Option(names = "--text-field", defaultValue = "text", paramLabel = "NAME",
            description = "JSON field with the text (default: ${DEFAULT-VALUE})")
    String textField;

    @Option(names = "--alpha", defaultValue = "-1", paramLabel = "A",
            description = "below 0: most probable segmentation (default); from 0: sampled, p^alpha")
    double alpha;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "S", description = "seed of the sampling")
    long seed;

    @Option(names = "--pieces", description = "also output the pieces as strings")
    boolean pieces;

    @Option(names = "--add-bos", description = "start with <bos> (id 1)")
    boolean addBos;

    @Option(names = "--add-eos", description = "end with <eos> (id 2)")
    boolean addEos;

    @Option(names = "--threads", paramLabel = "N",
            description = "encoding threads (default: the machine's cores); output order is input order")
    int threads = Runtime.getRuntime().availableProcessors();

    @Override
    public Integer call() throws Exception {
        boolean jsonl = switch (inputFormat) {
            case "jsonl" -> true;
            case "text" -> false;
            default -> throw new IllegalArgumentException("--input-format must be jsonl or text");
        };
        if (threads < 1) {
            throw new IllegalArgumentException("--threads must be at least 1");
        }
        Tokenizer tokenizer = new Tokenizer(ModelFile.read(model));
        Writer out = new BufferedWriter(new OutputStreamWriter(System.out,
                StandardCharsets.UTF_8), 1 << 16);
        if (text != null) {
            StringBuilder line = new StringBuilder();
            encodeOne(tokenizer, text, 0, new IntArrayList(), line);
            out.append(line).append('\n');
        } else {
            JsonLinesIn in = new JsonLinesIn(System.in);
            try (OrderedBatches batches = new OrderedBatches(threads, out)) {
                List<String> batch = new ArrayList<>(BATCH_LINES);
                long firstLine = 1;
                for (String input; (input = in.nextLine()) != null; ) {
                    batch.add(input);
                    if (batch.size() == BATCH_LINES) {
                        batches.submit(encodeBatch(tokenizer, batch, firstLine, jsonl));
                        firstLine += batch.size();
                        batch = new ArrayList<>(BATCH_LINES);
                    }
                }
                batches.submit(encodeBatch(tokenizer, batch, firstLine, jsonl));
            }
        }
        out.flush();
        return 0;
    }

    private static final int BATCH_LINES = 512;

    /** A task turning input lines (the first being line {@code firstLine}) into output lines. */
    private Callable<CharSequence> encodeBatch(Tokenizer tokenizer, List<String> lines, long firstLine,
                                               boolean jsonl) {
        return () -> {
            StringBuilder batchOut = new StringBuilder(lines.size() * 256);
            StringBuilder line = new StringBuilder();
            IntArrayList ids = new IntArrayList();
            for (int i = 0; i < lines.size(); i++) {
                long lineNumber = firstLine + i;
                String doc = jsonl ? JsonLinesIn.textField(lines.get(i), textField, lineNumber) : lines.get(i);
                try {
                    encodeOne(tokenizer, doc, lineNumber - 1, ids, line);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("stdin line " + lineNumber + ": " + e.getMessage());
                }
                batchOut.append(line).append('\n');
            }
            return batchOut;
        };
    }

    private void encodeOne(Tokenizer tokenizer, String doc, long recordIndex, IntArrayList ids, StringBuilder line) {
        ids.clear();
        tokenizer.encode(doc, addBos, addEos, alpha, alpha >= 0 ? Seeds.forRecord(seed, recordIndex) : null, ids);
        line.setLength(0);
        line.append("{\"ids\": [");
        for (int i = 0; i < ids.size(); i++) {
            if (i > 0) {
                line.append(", ");
            }
            line.append(ids.getInt(i));
        }
        line.append(']');
        if (pieces) {
            line.append(", \"pieces\": [");
            String[] texts = tokenizer.pieces(ids.toIntArray());
            for (int i = 0; i < texts.length; i++) {
                line.append(i > 0 ? ", \"" : "\"");
                JsonStringEncoder.getInstance().quoteAsString(texts[i], line);
                line.append('"');
            }
            line.append(']');
        }
        line.append('}');
    }
}
