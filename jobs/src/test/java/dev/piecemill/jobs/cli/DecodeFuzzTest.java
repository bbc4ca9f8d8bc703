package dev.piecemill.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.piecemill.jobs.testing.Golden;
import dev.piecemill.piece.ModelFile;
import dev.piecemill.piece.Tokenizer;
import dev.piecemill.util.UserError;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Hostile input to {@code piecemill decode}: JSON-ish lines of ids (jqwik) and bytes that
 * coverage-guided fuzzing found (Jazzer). Either every line becomes one {"text": ...} line of
 * valid JSON, or decode stops with a UserError naming the line; nothing else escapes.
 */
class DecodeFuzzTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Tokenizer TOKENIZER;

    static {
        try {
            TOKENIZER = new Tokenizer(ModelFile.read(Golden.model("plus.40k")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Provide
    Arbitrary<String> lines() {
        Arbitrary<String> id = Arbitraries.oneOf(
                Arbitraries.integers().between(-3, 45_000).map(String::valueOf),
                Arbitraries.of("1e3", "2.5", "99999999999", "\"7\"", "null", "[]", "-0"));
        Arbitrary<String> ids = id.list().ofMaxSize(12).map(l -> "[" + String.join(", ", l) + "]");
        Arbitrary<String> line = Arbitraries.oneOf(
                ids.map(a -> "{\"ids\": " + a + "}"),
                ids.map(a -> "{\"id\": " + a + "}"),
                Arbitraries.of("", "{\"ids\": 5}", "{\"ids\": [1, 2", "[]"),
                Arbitraries.strings().ofMaxLength(20));
        return line.list().ofMaxSize(8).map(l -> String.join("\n", l));
    }

    @Property(tries = 300, seed = "20261203")
    void idLinesDecodeOrFailNamingTheLine(@ForAll("lines") String input, @ForAll boolean twoThreads) {
        decode(input.getBytes(StandardCharsets.UTF_8), twoThreads ? 2 : 1);
    }

    /**
     * Coverage-guided: the suite replays the inputs committed in {@code DecodeFuzzTestInputs/},
     * {@code scripts/fuzz} searches for more. The input is decode's stdin.
     */
    @FuzzTest(maxDuration = "60s")
    void fuzzedStdinDecodesOrFailsNamingTheLine(byte[] stdin) {
        decode(stdin, 1);
    }

    private static void decode(byte[] stdin, int threads) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            DecodeCommand.decode(TOKENIZER, new ByteArrayInputStream(stdin), out, threads);
        } catch (UserError e) {
            assertTrue(e.getMessage().matches("(?s)stdin line [1-9][0-9]*: .*"), e.getMessage());
            return;
        } catch (IOException e) {
            throw new AssertionError("not our error: " + e, e);
        }
        String[] written = out.toString(StandardCharsets.UTF_8).split("\n", -1);
        assertEquals(lineCount(stdin), written.length - 1, "one line out for each line in");
        for (int i = 0; i < written.length - 1; i++) {
            JsonNode text = parse(written[i]).get("text");
            assertTrue(text != null && text.isTextual(), written[i]);
        }
    }

    private static long lineCount(byte[] stdin) {
        long newlines = 0;
        for (byte b : stdin) {
            newlines += b == '\n' ? 1 : 0;
        }
        return stdin.length > 0 && stdin[stdin.length - 1] != '\n' ? newlines + 1 : newlines;
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new AssertionError("decode wrote a line that is not JSON: " + line, e);
        }
    }
}
