package dev.piecemill.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.piecemill.piece.ModelFile;
import dev.piecemill.piece.PieceModel;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPInputStream;

/** Test resources: the pretrained models and the reference's golden outputs. */
public final class TestData {
    /** Short model names as the golden files key them, to the zip in the models folder. */
    public static final List<String> MODEL_NAMES = List.of("plus.40k", "id.eu.plus.80k", "zh.id.eu.40k");
    private static final Map<String, PieceModel> MODELS = new ConcurrentHashMap<>();
    private static final ObjectMapper JSON = new ObjectMapper();

    private TestData() {}

    public static InputStream open(String resource) {
        InputStream in = TestData.class.getResourceAsStream("/" + resource);
        if (in == null) {
            throw new IllegalStateException("missing test resource " + resource);
        }
        return in;
    }

    public static PieceModel model(String shortName) {
        return MODELS.computeIfAbsent(shortName, name -> {
            String resource = "models/bytepiece." + name + ".zip";
            try (InputStream in = open(resource)) {
                return ModelFile.read(in, resource);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** The lines of a JSON Lines resource (gzip by extension). */
    public static List<JsonNode> jsonLines(String resource) {
        try (InputStream raw = open(resource);
             InputStream in = resource.endsWith(".gz") ? new GZIPInputStream(raw) : raw;
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            List<JsonNode> lines = new ArrayList<>();
            for (String line; (line = reader.readLine()) != null; ) {
                lines.add(JSON.readTree(line));
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The texts of the reference's training corpus (4,000 Europarl documents), in file order. */
    public static List<String> europarlTexts() {
        return jsonLines("golden/train-europarl-0-4000.jsonl.gz").stream().map(n -> n.get("text").asText()).toList();
    }

    public static int[] ints(JsonNode array) {
        int[] ids = new int[array.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = array.get(i).intValue();
        }
        return ids;
    }
}
