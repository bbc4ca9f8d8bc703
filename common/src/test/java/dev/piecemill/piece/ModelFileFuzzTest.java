package dev.piecemill.piece;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.piecemill.text.TextNormalizer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Generated hostile model files: a real model with bytes overwritten, cut short or both, as JSON
 * and inside a zip (jqwik), and bytes that coverage-guided fuzzing found (Jazzer). Each loads, or
 * fails with ModelFormatException naming the file; nothing else escapes (no parser exception, no
 * index error, no OutOfMemoryError); a model that loads encodes and decodes text losslessly.
 */
class ModelFileFuzzTest {
    private static final byte[] MODEL = read("/golden/train-europarl-0-4000.model.4000");

    private static byte[] read(String resource) {
        try (var in = ModelFileFuzzTest.class.getResourceAsStream(resource)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A copy of the model, cut at a random length and with up to eight random bytes overwritten. */
    @Provide
    Arbitrary<byte[]> damaged() {
        Arbitrary<Integer> length = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.just(MODEL.length)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(0, MODEL.length)));
        Arbitrary<int[]> positions = Arbitraries.integers()
                .between(0, MODEL.length - 1)
                .array(int[].class)
                .ofMaxSize(8);
        Arbitrary<byte[]> values = Arbitraries.bytes().array(byte[].class).ofSize(8);
        return Combinators.combine(length, positions, values).as((n, at, v) -> {
            byte[] b = java.util.Arrays.copyOf(MODEL, n);
            for (int i = 0; i < at.length; i++) {
                if (at[i] < n) {
                    b[at[i]] = v[i];
                }
            }
            return b;
        });
    }

    @Property(tries = 300, seed = "20261202")
    void damagedJsonLoadsOrFailsNamingTheFile(@ForAll("damaged") byte[] json) {
        check(json, "damaged.json");
    }

    @Property(tries = 100, seed = "20261202")
    void damagedZipLoadsOrFailsNamingTheFile(
            @ForAll("damaged") byte[] json,
            @ForAll boolean damageTheZip,
            @ForAll byte junk,
            @ForAll("fraction") double where)
            throws IOException {
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(zipped)) {
            zip.putNextEntry(new ZipEntry("model.json"));
            zip.write(json);
        }
        byte[] bytes = zipped.toByteArray();
        if (damageTheZip) {
            bytes[(int) (where * (bytes.length - 1))] ^= junk == 0 ? 1 : junk;
        }
        check(bytes, "damaged.zip");
    }

    @Provide
    Arbitrary<Double> fraction() {
        return Arbitraries.doubles().between(0, 1);
    }

    @Property(tries = 200, seed = "20261202")
    void arbitraryBytesLoadOrFailNamingTheFile(@ForAll byte[] bytes) {
        check(bytes, "random.json");
    }

    /**
     * Coverage-guided: the suite replays the inputs committed in {@code ModelFileFuzzTestInputs/}
     * (a real model as JSON and zipped, and what fuzzing kept); {@code scripts/fuzz} searches for more.
     */
    @FuzzTest(maxDuration = "60s")
    void fuzzedBytesLoadOrFailNamingTheFile(byte[] bytes) {
        PieceModel model = check(bytes, "fuzzed.json");
        if (model != null) {
            Tokenizer tokenizer = new Tokenizer(model);
            String text = "Grüße, 東京! \u0000\t" + "ab".repeat(20);
            assertEquals(TextNormalizer.nfc(text), tokenizer.decode(tokenizer.encode(text)));
        }
    }

    /** The model, or null when it was refused with our error naming the file. */
    private static PieceModel check(byte[] bytes, String name) {
        try {
            PieceModel model = ModelFile.read(new ByteArrayInputStream(bytes), name);
            assertTrue(model.vocabSize() > 0);
            return model;
        } catch (ModelFormatException e) {
            assertTrue(e.getMessage().startsWith(name), e.getMessage());
            return null;
        } catch (IOException e) {
            throw new AssertionError("not our error: " + e, e);
        }
    }
}
