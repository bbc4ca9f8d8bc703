package dev.piecemill.export;

import dev.piecemill.piece.ModelFile;
import dev.piecemill.piece.PieceModel;
import dev.piecemill.testing.TestData;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The models the export is checked on and the golden documents it encodes. */
final class ExportCases {
    private ExportCases() {}

    /**
     * The three pretrained models and two trained here: the reference trainer's 4k model (which
     * {@code piecemill train} reproduces byte for byte: TrainerConformanceTest) and the 4k model
     * of {@code piecemill train --algorithm unigram --vocab-size 8000,4000} on the same 4,000
     * documents (scripts/check-export trains it again and gets this file, byte for byte).
     */
    static Map<String, PieceModel> models() {
        Map<String, PieceModel> models = new LinkedHashMap<>();
        for (String name : TestData.MODEL_NAMES) {
            models.put(name, TestData.model(name));
        }
        models.put("trained bytepiece 4k", read("golden/train-europarl-0-4000.model.4000"));
        models.put("trained unigram 4k", read("export/unigram-europarl-0-4000.model.4000"));
        return models;
    }

    private static PieceModel read(String resource) {
        try (InputStream in = TestData.open(resource)) {
            return ModelFile.read(in, resource);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The golden documents: the edge cases, then the Europarl sample (325 in all). */
    static List<String> documents() {
        List<String> texts = new ArrayList<>();
        for (String file : List.of("golden/tokenize-edge-cases.jsonl", "golden/tokenize-europarl.jsonl.gz")) {
            TestData.jsonLines(file).forEach(n -> texts.add(n.get("text").textValue()));
        }
        return texts;
    }
}
