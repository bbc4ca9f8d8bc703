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
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
    private static final Map<String, Path> FILES = new ConcurrentHashMap<>();
    private static Path unpacked;

    private TestData() {}

    public static InputStream open(String resource) {
        InputStream in = TestData.class.getResourceAsStream("/" + resource);
        if (in == null) {
            throw new IllegalStateException("missing test resource " + resource);
        }
        return in;
    }

    /**
     * A resource as a file: itself when the classpath holds it as one, else (from the test-jar, as
     * the jobs' tests see it) a copy unpacked once into a temporary folder, deleted at exit.
     */
    public static Path file(String resource) {
        return FILES.computeIfAbsent(resource, name -> {
            URL url = TestData.class.getResource("/" + name);
            if (url == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            try {
                if (url.getProtocol().equals("file")) {
                    return Path.of(url.toURI());
                }
                Path copy = unpacked().resolve(name);
                Files.createDirectories(copy.getParent());
                for (Path dir = copy.getParent(); !dir.equals(unpacked); dir = dir.getParent()) {
                    dir.toFile().deleteOnExit(); // registered before its files: deleted after them
                }
                try (InputStream in = url.openStream()) {
                    Files.copy(in, copy);
                }
                copy.toFile().deleteOnExit();
                return copy;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static synchronized Path unpacked() throws IOException {
        if (unpacked == null) {
            unpacked = Files.createTempDirectory("piecemill-test-data");
            unpacked.toFile().deleteOnExit();
        }
        return unpacked;
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
        return jsonLines("golden/train-europarl-0-4000.jsonl.gz").stream()
                .map(n -> n.get("text").asText())
                .toList();
    }

    public static int[] ints(JsonNode array) {
        int[] ids = new int[array.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = array.get(i).intValue();
        }
        return ids;
    }
}
