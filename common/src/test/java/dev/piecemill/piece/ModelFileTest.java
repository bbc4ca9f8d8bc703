package dev.piecemill.piece;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.piecemill.testing.TestData;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The model file reader and writer: the reference's exact layout, and clear errors on bad files. */
class ModelFileTest {
    @TempDir
    Path dir;

    /** The writer must reproduce Python's json.dump(indent=4, ensure_ascii=False) byte for byte. */
    @ParameterizedTest
    @ValueSource(strings = {"golden/train-europarl-0-4000.model.4000", "golden/train-europarl-0-4000.model.8000"})
    void goldenModelIsRewrittenByteIdentical(String resource) throws IOException {
        byte[] original;
        try (InputStream in = TestData.open(resource)) {
            original = in.readAllBytes();
        }
        PieceModel model = ModelFile.read(new ByteArrayInputStream(original), resource);
        assertEquals(true, model.pieceCount() > 3000, "the golden model has its pieces");
        assertArrayEquals(original, written(model), resource);
    }

    /** The pretrained models hold control characters, quotes, backslashes and CJK in their texts. */
    @Test
    void pretrainedModelJsonIsRewrittenByteIdentical() throws IOException {
        byte[] inner;
        try (ZipInputStream zip = new ZipInputStream(TestData.open("models/bytepiece.plus.40k.zip"))) {
            zip.getNextEntry();
            inner = zip.readAllBytes();
        }
        assertArrayEquals(inner, written(TestData.model("plus.40k")));
    }

    @Test
    void zipModelRoundTripsThroughWriteAndRead() throws IOException {
        PieceModel model = TestData.model("zh.id.eu.40k");
        Path file = dir.resolve("copy.model");
        ModelFile.write(model, file);
        PieceModel back = ModelFile.read(file);
        assertEquals(model.vocabSize(), back.vocabSize());
        for (int id = PieceModel.FIRST_PIECE_ID; id < model.vocabSize(); id++) {
            assertArrayEquals(model.piece(id), back.piece(id), "piece " + id);
            assertEquals(model.count(id), back.count(id), "count of " + id);
        }
    }

    private static byte[] written(PieceModel model) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ModelFile.write(model, out);
        return out.toByteArray();
    }

    // ---- malformed models: each must fail with a message naming the file and the fault ----

    /** One model entry as JSON text: "key": [id, text, count], the value written verbatim. */
    private static String entry(String key, String value) {
        return "\"" + key + "\": " + value;
    }

    private static String key(byte... bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static String key(String ascii) {
        return key(ascii.getBytes(StandardCharsets.US_ASCII));
    }

    /** Entries of all 256 single bytes (ids 3..258), optionally without one, then "ab" and "abc". */
    private static List<String> validEntries(int missingByte) {
        List<String> entries = new ArrayList<>();
        int id = PieceModel.FIRST_PIECE_ID;
        for (int b = 0; b < 256; b++) {
            if (b != missingByte) {
                entries.add(entry(key((byte) b), "[" + id++ + ", \"x\", " + (b + 1) + "]"));
            }
        }
        entries.add(entry(key("ab"), "[" + id++ + ", \"ab\", 7]"));
        entries.add(entry(key("abc"), "[" + id + ", \"abc\", 5]"));
        return entries;
    }

    private static String json(List<String> entries) {
        return "{\n" + String.join(",\n", entries) + "\n}";
    }

    private Path file(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }

    /** Reading must fail with a ModelFormatException whose message names the file and every fragment. */
    private static void assertRejected(Path path, String... fragments) {
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFile.read(path));
        String message = e.getMessage();
        assertTrue(message.contains(path.toString()), "names the file: " + message);
        for (String fragment : fragments) {
            assertTrue(
                    message.toLowerCase().contains(fragment.toLowerCase()),
                    "message should mention \"" + fragment + "\": " + message);
        }
    }

    @Test
    void theValidBaseModelIsAccepted() throws IOException {
        PieceModel model = ModelFile.read(file("ok.model", json(validEntries(-1))));
        assertEquals(258 + PieceModel.FIRST_PIECE_ID, model.vocabSize());
        assertArrayEquals("abc".getBytes(StandardCharsets.US_ASCII), model.piece(260));
        assertEquals(5, model.count(260));
    }

    @Test
    void refusesABadBase64Key() throws IOException {
        List<String> entries = validEntries(-1);
        entries.set(256, entry("YW*=", "[259, \"ab\", 7]"));
        assertRejected(file("b64.model", json(entries)), "YW*=", "base64");
    }

    @Test
    void refusesAnEmptyKey() throws IOException {
        List<String> entries = validEntries(-1);
        entries.set(256, entry("", "[259, \"\", 7]"));
        assertRejected(file("empty-key.model", json(entries)), "empty piece");
    }

    @Test
    void refusesAModelMissingASingleByte() throws IOException {
        assertRejected(file("missing.model", json(validEntries(0x41))), "0x41", "missing");
    }

    @Test
    void refusesAnIdGivenTwice() throws IOException {
        List<String> entries = validEntries(-1);
        entries.set(257, entry(key("abc"), "[259, \"abc\", 5]"));
        assertRejected(file("dup-id.model", json(entries)), "id 259", "twice");
    }

    @Test
    void refusesAGapInTheIds() throws IOException {
        List<String> entries = validEntries(-1);
        entries.set(257, entry(key("abc"), "[261, \"abc\", 5]"));
        assertRejected(file("gap.model", json(entries)), "id 261", "3 to 260");
    }

    @Test
    void refusesAnIdBelowThree() throws IOException {
        List<String> entries = validEntries(-1);
        entries.set(257, entry(key("abc"), "[2, \"abc\", 5]"));
        assertRejected(file("low-id.model", json(entries)), "id 2", "3 to 260");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-5"})
    void nonPositiveCount(String count) throws IOException {
        List<String> entries = validEntries(-1);
        entries.set(256, entry(key("ab"), "[259, \"ab\", " + count + "]"));
        assertRejected(file("count.model", json(entries)), key("ab"), "non-positive count " + count);
    }

    @Test
    void refusesTextThatIsNotJson() throws IOException {
        assertRejected(file("prose.model", "this is not a model"), "malformed JSON");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[1, 2, 3]", "\"text\"", "42", ""})
    void refusesJsonThatIsNotAnObject(String content) throws IOException {
        assertRejected(file("not-object.model", content), "expected a JSON object");
    }

    @Test
    void refusesTruncatedJson() throws IOException {
        String whole = json(validEntries(-1));
        assertRejected(file("truncated.model", whole.substring(0, whole.length() / 2)), "malformed JSON");
    }

    @Test
    void refusesContentAfterTheObject() throws IOException {
        assertRejected(file("trailing.model", json(validEntries(-1)) + " {}"), "trailing content");
    }

    @Test
    void refusesAKeyGivenTwice() throws IOException {
        List<String> entries = validEntries(-1);
        entries.add(entry(key("ab"), "[261, \"ab\", 3]"));
        assertRejected(file("dup-key.model", json(entries)), "duplicate", key("ab"));
    }

    /** Every value that is not [integer id, string, integer count] is refused, including out-of-range integers. */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "[259, \"ab\"]",
                "[259, \"ab\", 7, 1]",
                "[\"259\", \"ab\", 7]",
                "[259, 7, 7]",
                "[259, \"ab\", \"7\"]",
                "[259, \"ab\", 7.5]",
                "[259.0, \"ab\", 7]",
                "[259, \"ab\", null]",
                "{\"id\": 259}",
                "259",
                "\"ab\"",
                "[]",
                "[259, \"ab\", 100000000000000000000]",
                "[100000000000000000000, \"ab\", 7]"
            })
    void valueNotIdTextCount(String value) throws IOException {
        List<String> entries = validEntries(-1);
        entries.set(256, entry(key("ab"), value));
        assertRejected(file("value.model", json(entries)), key("ab"), "[id, text, count]");
    }

    // ---- zips ----

    private Path zip(String name, String... entryNames) throws IOException {
        Path path = dir.resolve(name);
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(path))) {
            for (String entryName : entryNames) {
                zip.putNextEntry(new ZipEntry(entryName));
                if (!entryName.endsWith("/")) {
                    zip.write(json(validEntries(-1)).getBytes(StandardCharsets.UTF_8));
                }
                zip.closeEntry();
            }
        }
        return path;
    }

    @Test
    void aZipThatInflatesPastTheLimitIsRefusedAsItIsRead() throws IOException {
        ByteArrayOutputStream bomb = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bomb)) {
            zip.putNextEntry(new ZipEntry("m.model"));
            byte[] spaces = new byte[1 << 20];
            java.util.Arrays.fill(spaces, (byte) ' ');
            for (int i = 0; i < 8; i++) {
                zip.write(spaces); // 8 MiB of whitespace: valid JSON so far, a few KB zipped
            }
        }
        assertTrue(bomb.size() < 100_000);
        ModelFormatException e = assertThrows(
                ModelFormatException.class,
                () -> ModelFile.read(new ByteArrayInputStream(bomb.toByteArray()), "bomb.zip", 4 << 20));
        assertTrue(e.getMessage().startsWith("bomb.zip!m.model: more than 4194304 bytes"), e.getMessage());
        // the same content plain, and the published limit itself
        byte[] plain = new byte[(4 << 20) + 1];
        java.util.Arrays.fill(plain, (byte) ' ');
        assertThrows(
                ModelFormatException.class, () -> ModelFile.read(new ByteArrayInputStream(plain), "big.json", 4 << 20));
        assertEquals(256L << 20, ModelFile.MAX_MODEL_BYTES);
    }

    @Test
    void aModelNestedThousandsDeepIsRefusedNamingTheFile() {
        for (String prefix : new String[] {"", "{\"comment\": ", "{\"pieces\": [[0, \"a\", 1], "}) {
            byte[] deep = (prefix + "[".repeat(100_000)).getBytes(StandardCharsets.UTF_8);
            ModelFormatException e = assertThrows(
                    ModelFormatException.class,
                    () -> ModelFile.read(new ByteArrayInputStream(deep), "deep.model", ModelFile.MAX_MODEL_BYTES));
            assertTrue(e.getMessage().startsWith("deep.model: "), e.getMessage());
        }
    }

    @Test
    void zipWithOneModelIsRead() throws IOException {
        assertEquals(261, ModelFile.read(zip("one.zip", "folder/", "m.model")).vocabSize());
    }

    @Test
    void refusesAZipOfTwoFiles() throws IOException {
        assertRejected(zip("two.zip", "a.model", "b.model"), "more than one file");
    }

    @Test
    void zipWithOnlyAFolder() throws IOException {
        assertRejected(zip("folder.zip", "folder/"), "no model file");
    }

    /** An archive with no entries at all (what Python's zipfile writes when nothing is added). */
    @Test
    void refusesAnEmptyZip() throws IOException {
        byte[] endOfCentralDirectory = new byte[22];
        endOfCentralDirectory[0] = 'P';
        endOfCentralDirectory[1] = 'K';
        endOfCentralDirectory[2] = 5;
        endOfCentralDirectory[3] = 6;
        Path path = Files.write(dir.resolve("empty.zip"), endOfCentralDirectory);
        assertRejected(path, "no model file");
    }

    /** A fault inside a zipped model names the archive and the entry. */
    @Test
    void faultInsideZipNamesTheEntry() throws IOException {
        Path path = dir.resolve("inner.zip");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(path))) {
            zip.putNextEntry(new ZipEntry("inner.model"));
            zip.write(json(validEntries(0x00)).getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        assertRejected(path, "!inner.model", "0x00", "missing");
    }

    /** Damaged compressed data (a corrupt download) is a model error naming the file, not a crash. */
    @Test
    void refusesACorruptZip() throws IOException {
        byte[] zipped = Files.readAllBytes(zip("good.zip", "m.model"));
        for (int i = 60; i < zipped.length - 200; i++) {
            zipped[i] ^= (byte) 0x5A; // scramble the deflated stream, keep the local header
        }
        assertRejected(Files.write(dir.resolve("corrupt.zip"), zipped), "corrupt.zip");
    }
}
