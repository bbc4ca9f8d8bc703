// Builds the second benchmark corpus, "docs": technical documentation and short literature in
// other languages than the default corpus's mix: the Debian Reference's plain-text editions
// (English, German, French, Spanish, Italian, Portuguese, Japanese, Simplified Chinese) split into
// paragraphs, and the fortune cookies of fortunes-{cs,de,es,it,pl,ru} (Debian packages unpacked
// under ROOT); and, from other packages, the third, "fortunes" (scripts/fetch-corpus-docs fortunes).
// Documents are shuffled by a hash of their source and position, numbered from 0, and
// written as JSON Lines {"id": N, "source": ..., "text": ...} that scripts/CorpusSlice.java reads.
// Files that are not valid UTF-8 are skipped and named; a folder ROOT lacks is passed over. With
// MAX_BYTES, a file gives its documents in order until their text reaches that many bytes.
// Run with the source launcher:
//   java scripts/DocsToJsonl.java ROOT OUT.jsonl [MAX_BYTES]
import java.io.*;
import java.nio.ByteBuffer;
import java.nio.charset.*;
import java.nio.file.*;
import java.util.*;
import java.util.stream.*;
import java.util.zip.GZIPInputStream;

public class DocsToJsonl {
    record Doc(String source, String text, long order) {}

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args[0]);
        long maxBytesPerFile = args.length > 2 ? Long.parseLong(args[2]) : Long.MAX_VALUE;
        List<Doc> docs = new ArrayList<>();
        if (Files.isDirectory(root.resolve("usr/share/debian-reference"))) {
            addReference(root, docs, maxBytesPerFile);
        }
        for (String dir : List.of("usr/share/games/fortunes", "usr/share/games/fortunes-de")) {
            if (Files.isDirectory(root.resolve(dir))) {
                addFortunes(root, dir, docs, maxBytesPerFile);
            }
        }
        docs.sort(Comparator.comparingLong(Doc::order));
        try (Writer out = new BufferedWriter(new OutputStreamWriter(new FileOutputStream(args[1]),
                StandardCharsets.UTF_8))) {
            for (int i = 0; i < docs.size(); i++) {
                out.write("{\"id\": " + i + ", \"source\": " + quote(docs.get(i).source()) + ", \"text\": "
                        + quote(docs.get(i).text()) + "}\n");
            }
        }
        System.err.println("DocsToJsonl: " + docs.size() + " documents in " + args[1]);
    }

    private static void addReference(Path root, List<Doc> docs, long maxBytesPerFile) throws IOException {
        try (Stream<Path> files = Files.list(root.resolve("usr/share/debian-reference"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".txt.gz")).sorted().toList()) {
                String text = decode(f, gunzip(f));
                if (text != null) {
                    add(docs, f.getFileName().toString(), text.split("\n\\s*\n"), maxBytesPerFile);
                }
            }
        }
    }

    private static void addFortunes(Path root, String dir, List<Doc> docs, long maxBytesPerFile)
            throws IOException {
        try (Stream<Path> files = Files.walk(root.resolve(dir))) {
            for (Path f : files.filter(Files::isRegularFile)
                    .filter(p -> !p.toString().endsWith(".dat") && !p.toString().endsWith(".u8"))
                    .filter(p -> !Files.isSymbolicLink(p)).sorted().toList()) {
                String text = decode(f, Files.readAllBytes(f));
                if (text != null) {
                    add(docs, root.relativize(f).toString(), text.split("\n%\n"), maxBytesPerFile);
                }
            }
        }
    }

    private static void add(List<Doc> docs, String source, String[] parts, long maxBytesPerFile) {
        long bytes = 0;
        for (int i = 0; i < parts.length && bytes < maxBytesPerFile; i++) {
            String text = parts[i].replaceAll("(?m)[ \t]+$", "").strip();
            if (text.length() >= 2 && !text.equals("%")) {
                bytes += text.getBytes(StandardCharsets.UTF_8).length;
                docs.add(new Doc(source, text, mix((source + "#" + i).hashCode() * 0x9E3779B97F4A7C15L + i)));
            }
        }
    }

    private static byte[] gunzip(Path f) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(f))) {
            return in.readAllBytes();
        }
    }

    private static String decode(Path f, byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString().replace("\r\n", "\n");
        } catch (CharacterCodingException e) {
            System.err.println("DocsToJsonl: skipping " + f + " (not UTF-8)");
            return null;
        }
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
