// Reads the default corpus's JSON lines (as scripts/EuroparlToJsonl.java writes them) from stdin
// and prints the documents with FROM <= id < TO, either as the same JSON lines ("jsonl") or as
// plain text with one paragraph per line ("text"), the form spm_train and spm_encode read.
// Run with the Java source launcher: java scripts/CorpusSlice.java FROM TO jsonl|text
import java.io.*;
import java.nio.charset.StandardCharsets;

public class CorpusSlice {
    public static void main(String[] args) throws IOException {
        long from = Long.parseLong(args[0]);
        long to = Long.parseLong(args[1]);
        boolean text = args[2].equals("text");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        Writer out = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 1 << 16);
        for (String line; (line = in.readLine()) != null; ) {
            long id = Long.parseLong(line.substring("{\"id\": ".length(), line.indexOf(',')));
            if (id < from || id >= to) {
                continue;
            }
            if (!text) {
                out.write(line + "\n");
                continue;
            }
            for (String paragraph : unquote(line, line.indexOf("\"text\": \"") + 9).split("\n")) {
                if (!paragraph.isEmpty()) {
                    out.write(paragraph + "\n");
                }
            }
        }
        out.flush();
    }

    /** The JSON string starting at {@code start} (just after its opening quote), unescaped. */
    static String unquote(String line, int start) {
        StringBuilder s = new StringBuilder();
        for (int i = start; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                break;
            }
            if (c != '\\') {
                s.append(c);
                continue;
            }
            char e = line.charAt(++i);
            switch (e) {
                case 'n' -> s.append('\n');
                case 'r' -> s.append('\r');
                case 't' -> s.append('\t');
                case 'u' -> {
                    s.append((char) Integer.parseInt(line.substring(i + 1, i + 5), 16));
                    i += 4;
                }
                default -> s.append(e);
            }
        }
        return s.toString();
    }
}
