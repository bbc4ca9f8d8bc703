package dev.piecemill.piece;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.piecemill.testing.TestData;
import dev.piecemill.text.Utf8;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Ids equal the reference BytePiece's exactly, for every golden line and every pretrained model. */
class ReferenceConformanceTest {
    static Stream<Arguments> goldenFiles() {
        List<Arguments> cases = new ArrayList<>();
        for (String file : List.of("golden/tokenize-edge-cases.jsonl", "golden/tokenize-europarl.jsonl.gz")) {
            for (String model : TestData.MODEL_NAMES) {
                cases.add(Arguments.of(file, model));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("goldenFiles")
    void idsEqualTheReference(String file, String modelName) {
        Tokenizer tokenizer = new Tokenizer(TestData.model(modelName));
        List<JsonNode> lines = TestData.jsonLines(file);
        assertEquals(true, lines.size() >= 25, "golden file has its lines");
        int line = 0;
        for (JsonNode record : lines) {
            line++;
            String text = record.get("text").textValue();
            int[] expected = TestData.ints(record.get(modelName));
            int[] actual = tokenizer.encode(text);
            assertArrayEquals(expected, actual, file + " line " + line + " (" + modelName + ")");
            assertArrayEquals(expected, encodeUtf8(tokenizer, text), "from UTF-8 bytes, " + file + " line " + line);
            assertEquals(
                    Normalizer.normalize(text, Normalizer.Form.NFC),
                    tokenizer.decode(actual),
                    "decode(encode(x)) is NFC(x) at " + file + " line " + line);
        }
    }

    /** The bytes path, on the text placed inside a larger array (so offsets matter). */
    private static int[] encodeUtf8(Tokenizer tokenizer, String text) {
        byte[] utf8 = Utf8.encode("\n" + text + "\n");
        IntArrayList ids = new IntArrayList();
        int bytes = tokenizer.encodeUtf8(utf8, 1, utf8.length - 1, false, false, -1, null, ids);
        assertEquals(Utf8.encode(Normalizer.normalize(text, Normalizer.Form.NFC)).length, bytes, "UTF-8 bytes of NFC");
        return ids.toIntArray();
    }
}
