package dev.piecemill.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.piecemill.piece.ModelFile;
import dev.piecemill.piece.PieceModel;
import dev.piecemill.testing.TestData;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The trainer yields the reference Trainer's pieces with the same counts. */
class TrainerConformanceTest {
    /** The golden run's parameters (shared/golden/README.md). */
    static final TrainerOptions GOLDEN_OPTIONS = new TrainerOptions(6, new int[] {8000, 4000}, 36, 2, false, true);

    static List<String> goldenTexts() {
        List<String> texts = new ArrayList<>();
        for (JsonNode line : TestData.jsonLines("golden/train-europarl-0-4000.jsonl.gz")) {
            texts.add(line.get("text").textValue());
        }
        return texts;
    }

    static PieceModel goldenModel(int size) throws IOException {
        String resource = "golden/train-europarl-0-4000.model." + size;
        try (InputStream in = TestData.open(resource)) {
            return ModelFile.read(in, resource);
        }
    }

    /** piece (base64) -> count, sorted, so a failure shows the first difference. */
    static Map<String, Long> counts(PieceModel model) {
        Map<String, Long> counts = new TreeMap<>();
        for (int id = PieceModel.FIRST_PIECE_ID; id < model.vocabSize(); id++) {
            counts.put(Base64.getEncoder().encodeToString(model.piece(id)), model.count(id));
        }
        return counts;
    }

    @Test
    void bothModelsEqualTheReferenceRun() throws IOException {
        List<String> texts = goldenTexts();
        assertEquals(4000, texts.size());
        List<PieceModel> models = new Trainer(GOLDEN_OPTIONS).train(texts::stream);
        assertEquals(7995, models.get(0).pieceCount());
        assertEquals(3993, models.get(1).pieceCount());
        assertEquals(counts(goldenModel(8000)), counts(models.get(0)));
        assertEquals(counts(goldenModel(4000)), counts(models.get(1)));
    }
}
