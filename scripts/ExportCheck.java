// Helpers of scripts/check-export, run with the Java source launcher on the common module's
// test classpath (DJL's Hugging Face tokenizers, Jackson, our classes):
//   inputs DIR            the golden documents, NFC: DIR/docs.jsonl, and their non-empty lines
//                         as DIR/lines.txt (for spm_encode) and DIR/lines.jsonl (for piecemill encode)
//   hf TOKENIZER DOCS     each document of DOCS (JSON Lines) encoded by the tokenizer.json, ids per line
//   leftout MODEL         the ids the SentencePiece export leaves out, one per line
//   compare OURS THEIRS LEFTOUT   identical lines of two id files, in all and among lines
//                         whose ids (OURS) use no left-out id; prints "same total same' total'"
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.piecemill.export.SentencePieceVocabulary;
import dev.piecemill.piece.ModelFile;
import dev.piecemill.text.TextNormalizer;
import java.io.*;
import java.nio.charset.StandardCharsets;
import java.nio.file.*;
import java.util.*;
import java.util.stream.*;
import java.util.zip.GZIPInputStream;

public class ExportCheck {
    static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "inputs" -> inputs(Path.of(args[1]));
            case "hf" -> hf(Path.of(args[1]), Path.of(args[2]));
            case "leftout" -> SentencePieceVocabulary.of(ModelFile.read(Path.of(args[1]))).leftOut()
                    .forEach(System.out::println);
            case "compare" -> compare(Path.of(args[1]), Path.of(args[2]), Path.of(args[3]));
            default -> throw new IllegalArgumentException("unknown step " + args[0]);
        }
    }

    static void inputs(Path dir) throws IOException {
        Path golden = Path.of("common/src/test/resources/golden");
        List<String> docs = new ArrayList<>();
        for (String file : List.of("tokenize-edge-cases.jsonl", "tokenize-europarl.jsonl.gz")) {
            InputStream raw = Files.newInputStream(golden.resolve(file));
            try (BufferedReader r = new BufferedReader(new InputStreamReader(
                    file.endsWith(".gz") ? new GZIPInputStream(raw) : raw, StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    docs.add(TextNormalizer.nfc(JSON.readTree(line).get("text").textValue()));
                }
            }
        }
        try (PrintWriter d = writer(dir.resolve("docs.jsonl")); PrintWriter t = writer(dir.resolve("lines.txt"));
             PrintWriter j = writer(dir.resolve("lines.jsonl"))) {
            for (String doc : docs) {
                d.print("{\"text\": " + JSON.writeValueAsString(doc) + "}\n");
                for (String line : doc.split("\n")) {
                    if (!line.isEmpty()) {
                        t.print(line + "\n");
                        j.print("{\"text\": " + JSON.writeValueAsString(line) + "}\n");
                    }
                }
            }
        }
    }

    static void hf(Path tokenizer, Path docs) throws IOException {
        Map<String, String> options = Map.of("truncation", "false", "padding", "false", "addSpecialTokens", "false");
        try (HuggingFaceTokenizer hf = HuggingFaceTokenizer.newInstance(tokenizer, options);
             PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8))) {
            for (String line : Files.readAllLines(docs)) {
                long[] ids = hf.encode(JSON.readTree(line).get("text").textValue(), false, false).getIds();
                out.print(LongStream.of(ids).mapToObj(String::valueOf).collect(Collectors.joining(" ")) + "\n");
            }
        }
    }

    static void compare(Path ours, Path theirs, Path leftOutFile) throws IOException {
        Set<String> leftOut = new HashSet<>(Files.readAllLines(leftOutFile));
        List<String> a = Files.readAllLines(ours);
        List<String> b = Files.readAllLines(theirs);
        if (a.size() != b.size()) {
            throw new IllegalStateException(ours + " has " + a.size() + " lines, " + theirs + " " + b.size());
        }
        int same = 0, representable = 0, representableSame = 0;
        for (int i = 0; i < a.size(); i++) {
            boolean equal = a.get(i).trim().equals(b.get(i).trim());
            boolean clean = Arrays.stream(a.get(i).trim().split(" ")).noneMatch(leftOut::contains);
            same += equal ? 1 : 0;
            representable += clean ? 1 : 0;
            representableSame += clean && equal ? 1 : 0;
        }
        System.out.println(same + " " + a.size() + " " + representableSame + " " + representable);
    }

    static PrintWriter writer(Path p) throws IOException {
        return new PrintWriter(Files.newBufferedWriter(p, StandardCharsets.UTF_8));
    }
}
