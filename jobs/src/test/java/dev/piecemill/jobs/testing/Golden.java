package dev.piecemill.jobs.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.piecemill.testing.TestData;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/** The reference's golden tokenizations and the pretrained models, from the test classpath. */
public final class Golden {
    public static final ObjectMapper JSON = new ObjectMapper();

    /** One golden line: the text and the reference's ids under plus.40k. */
    public record Line(String text, int[] plus40k) {}

    private Golden() {}

    public static Path model(String shortName) {
        return resource("models/bytepiece." + shortName + ".zip");
    }

    /** A test resource of common's test-jar (golden/..., models/...) as a file. */
    public static Path resource(String name) {
        return TestData.file(name);
    }

    public static List<Line> lines(String resource) {
        try (InputStream raw = TestData.open(resource);
                InputStream in = resource.endsWith(".gz") ? new GZIPInputStream(raw) : raw;
                BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            List<Line> lines = new ArrayList<>();
            for (String line; (line = r.readLine()) != null; ) {
                JsonNode node = JSON.readTree(line);
                JsonNode ids = node.get("plus.40k");
                int[] values = new int[ids.size()];
                for (int i = 0; i < values.length; i++) {
                    values[i] = ids.get(i).intValue();
                }
                lines.add(new Line(node.get("text").textValue(), values));
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<Line> europarl() {
        return lines("golden/tokenize-europarl.jsonl.gz");
    }

    /** The golden europarl texts as a JSON Lines corpus ({"text": ...} a line) at FILE, returned. */
    public static Path writeEuroparlJsonl(Path file) throws IOException {
        StringBuilder lines = new StringBuilder();
        for (Line line : europarl()) {
            lines.append("{\"text\": ")
                    .append(JSON.writeValueAsString(line.text()))
                    .append("}\n");
        }
        Files.writeString(file, lines.toString(), StandardCharsets.UTF_8);
        return file;
    }

    /** The 4,000-document training corpus of the golden models, uncompressed at FILE (splittable), returned. */
    public static Path writeTrainingCorpus(Path file) throws IOException {
        try (InputStream in =
                new GZIPInputStream(Files.newInputStream(resource("golden/train-europarl-0-4000.jsonl.gz")))) {
            Files.copy(in, file);
        }
        return file;
    }
}
