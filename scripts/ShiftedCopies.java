// Writes K copies of a JSON Lines corpus in which every document's ASCII letters are shifted (a
// Caesar shift) by an amount that depends on the copy and the document: the same lengths and
// structure, but an n-gram's occurrences spread over 26 spellings, so the table of distinct
// n-grams grows many-fold while few new ones become frequent: a long tail, as in web text.
// Used to test training when the n-gram table does not fit in memory.
// java scripts/ShiftedCopies.java IN.jsonl K OUT.jsonl
import java.io.*;
import java.nio.charset.StandardCharsets;
import java.nio.file.*;

public class ShiftedCopies {
    public static void main(String[] args) throws IOException {
        java.util.List<String> lines = Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8);
        int copies = Integer.parseInt(args[1]);
        try (Writer out = Files.newBufferedWriter(Path.of(args[2]), StandardCharsets.UTF_8)) {
            for (int copy = 0; copy < copies; copy++) {
                for (int doc = 0; doc < lines.size(); doc++) {
                    String line = lines.get(doc);
                    int k = (copy * 7 + doc) % 26;
                    int start = line.indexOf("\"text\": \"") + 9;
                    StringBuilder b = new StringBuilder(line.length());
                    b.append(line, 0, start);
                    for (int i = start; i < line.length(); i++) {
                        char c = line.charAt(i);
                        if (c == '\\') { // keep escapes intact, \\uXXXX with its hex digits
                            char e = line.charAt(++i);
                            b.append(c).append(e);
                            if (e == 'u') {
                                b.append(line, i + 1, i + 5);
                                i += 4;
                            }
                        } else if (c >= 'a' && c <= 'z') {
                            b.append((char) ('a' + (c - 'a' + k) % 26));
                        } else if (c >= 'A' && c <= 'Z') {
                            b.append((char) ('A' + (c - 'A' + k) % 26));
                        } else {
                            b.append(c);
                        }
                    }
                    out.write(b.append('\n').toString());
                }
            }
        }
    }
}
