package dev.piecemill.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.piecemill.jobs.testing.Golden;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The encode and decode commands, run as a user runs them: JSON Lines in, JSON Lines out. */
class EncodeDecodeCommandTest {
    private static final String MODEL = Golden.model("plus.40k").toString();

    /** Exit code, stdout and stderr of one command run with the given stdin. */
    record Run(int exitCode, String out, String err) {
        List<JsonNode> json() {
            return out.lines()
                    .map(l -> {
                        try {
                            return Golden.JSON.readTree(l);
                        } catch (Exception e) {
                            throw new IllegalStateException(l, e);
                        }
                    })
                    .toList();
        }
    }

    static Run run(String stdin, String... args) {
        InputStream in = System.in;
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
        ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        try {
            System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
            System.setOut(new PrintStream(outBytes, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
            int code = Main.execute(args);
            return new Run(code, outBytes.toString(StandardCharsets.UTF_8), errBytes.toString(StandardCharsets.UTF_8));
        } finally {
            System.setIn(in);
            System.setOut(out);
            System.setErr(err);
        }
    }

    private static String jsonLines(List<String> texts) throws Exception {
        StringBuilder b = new StringBuilder();
        for (String t : texts) {
            b.append("{\"text\": ").append(Golden.JSON.writeValueAsString(t)).append("}\n");
        }
        return b.toString();
    }

    private static int[] ints(JsonNode array) {
        int[] v = new int[array.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = array.get(i).intValue();
        }
        return v;
    }

    /** The golden edge cases and the first 100 Europarl paragraphs, with the reference's ids. */
    private static List<Golden.Line> goldenLines() throws Exception {
        List<Golden.Line> golden = new java.util.ArrayList<>(Golden.lines("golden/tokenize-edge-cases.jsonl"));
        golden.addAll(Golden.europarl().subList(0, 100));
        return golden;
    }

    @Test
    void encodeReproducesTheReferenceIdsInInputOrder() throws Exception {
        List<Golden.Line> golden = goldenLines();
        String input = jsonLines(golden.stream().map(Golden.Line::text).toList());
        Run encoded = run(input, "encode", "--model", MODEL, "--threads", "2");
        assertEquals(0, encoded.exitCode(), encoded.err());
        List<JsonNode> lines = encoded.json();
        assertEquals(golden.size(), lines.size());
        for (int i = 0; i < golden.size(); i++) {
            assertArrayEquals(golden.get(i).plus40k(), ints(lines.get(i).get("ids")), "line " + (i + 1));
        }
    }

    @Test
    void decodeGivesBackTheNormalizedTextOfTheReferenceIds() throws Exception {
        List<Golden.Line> golden = goldenLines();
        StringBuilder idsIn = new StringBuilder();
        for (Golden.Line line : golden) {
            idsIn.append("{\"ids\": ")
                    .append(java.util.Arrays.toString(line.plus40k()))
                    .append("}\n");
        }
        Run decoded = run(idsIn.toString(), "decode", "--model", MODEL);
        assertEquals(0, decoded.exitCode(), decoded.err());
        List<JsonNode> texts = decoded.json();
        assertEquals(golden.size(), texts.size());
        for (int i = 0; i < golden.size(); i++) {
            assertEquals(
                    Normalizer.normalize(golden.get(i).text(), Normalizer.Form.NFC),
                    texts.get(i).get("text").textValue(),
                    "line " + (i + 1));
        }
    }

    @Test
    void aTextGivesItsPiecesFramedByBosAndEos() {
        Run r = run("", "encode", "--model", MODEL, "--text", "Café au lait", "--pieces", "--add-bos", "--add-eos");
        assertEquals(0, r.exitCode(), r.err());
        JsonNode line = r.json().get(0);
        int[] ids = ints(line.get("ids"));
        assertEquals(1, ids[0]);
        assertEquals(2, ids[ids.length - 1]);
        StringBuilder joined = new StringBuilder();
        for (JsonNode p : line.get("pieces")) {
            joined.append(p.textValue());
        }
        assertEquals("<bos>Café au lait<eos>", joined.toString());
    }

    @Test
    void aSeededSampleOfLineIDependsOnlyOnTheSeedAndI() throws Exception {
        String shared = Golden.europarl().get(3).text();
        String a = jsonLines(List.of(Golden.europarl().get(1).text(), shared));
        String b = jsonLines(List.of(Golden.europarl().get(2).text(), shared));
        Run ra = run(a, "encode", "--model", MODEL, "--alpha", "0.1", "--seed", "11");
        Run rb = run(b, "encode", "--model", MODEL, "--alpha", "0.1", "--seed", "11", "--threads", "1");
        Run rc = run(a, "encode", "--model", MODEL, "--alpha", "0.1", "--seed", "12");
        assertEquals(ra.json().get(1), rb.json().get(1));
        assertNotEquals(ra.json().get(1), rc.json().get(1));
        assertNotEquals(
                ra.json().get(1).get("ids"),
                Golden.JSON.valueToTree(Golden.europarl().get(3).plus40k()));
    }

    @Test
    void badInputNamesTheLine() {
        Run malformed = run("{\"text\": \"fine\"}\n{\"text\": oops}\n", "encode", "--model", MODEL);
        assertEquals(Main.USER_ERROR, malformed.exitCode());
        assertTrue(malformed.err().contains("stdin line 2: malformed JSON"), malformed.err());

        Run missing = run("{\"body\": \"x\"}\n", "encode", "--model", MODEL);
        assertEquals(Main.USER_ERROR, missing.exitCode());
        assertTrue(missing.err().contains("stdin line 1: no field \"text\""), missing.err());

        Run badId = run("{\"ids\": [5, 99999999]}\n", "decode", "--model", MODEL);
        assertEquals(Main.USER_ERROR, badId.exitCode());
        assertTrue(badId.err().contains("stdin line 1: id 99999999 is outside the vocabulary"), badId.err());

        Run noModel = run("", "encode", "--model", "/no/such/model.json", "--text", "x");
        assertEquals(Main.USER_ERROR, noModel.exitCode());
        assertTrue(noModel.err().contains("model file /no/such/model.json does not exist"), noModel.err());

        String huge = "{\"text\": \"ok\"}\n" + "x".repeat(LineStreamer.MAX_LINE_BYTES + 2_000_000);
        Run tooLong = run(huge, "encode", "--model", MODEL, "--input-format", "text");
        assertEquals(Main.USER_ERROR, tooLong.exitCode());
        assertTrue(
                tooLong.err().contains("stdin line 2: longer than " + LineStreamer.MAX_LINE_BYTES + " bytes"),
                tooLong.err());

        Run usage = run("", "encode");
        assertEquals(2, usage.exitCode());
        assertTrue(usage.err().contains("Missing required option: '--model=FILE'"), usage.err());
    }

    @Test
    void helpListsTheCommands() {
        Run help = run("", "--help");
        assertEquals(0, help.exitCode());
        for (String command : List.of("encode", "decode", "tokenize", "inspect")) {
            assertTrue(help.out().contains(command), help.out());
        }
    }
}
