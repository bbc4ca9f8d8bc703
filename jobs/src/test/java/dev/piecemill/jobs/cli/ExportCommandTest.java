package dev.piecemill.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.piecemill.jobs.testing.Golden;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The export command as a user runs it: its files, its report, its refusals. */
class ExportCommandTest {
    private static final String MODEL = Golden.model("plus.40k").toString();

    @TempDir
    Path dir;

    private static MainAccess.Result export(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "export";
        System.arraycopy(args, 0, all, 1, args.length);
        return MainAccess.run(all);
    }

    /** Nothing but the named files: no partial file stays behind. */
    private void assertOnly(String... names) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(
                    java.util.Set.of(names),
                    files.map(p -> p.getFileName().toString()).collect(java.util.stream.Collectors.toSet()));
        }
    }

    @Test
    void writesATokenizerJsonWithEveryIdAndSaysWhere() throws Exception {
        Path out = dir.resolve("tokenizer.json");
        MainAccess.Result r = export("--model", MODEL, "--to", "hf", "--output", out.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("wrote " + out) && r.out().contains("39843 ids"), r.out());
        JsonNode json = Golden.JSON.readTree(out.toFile());
        assertEquals("Unigram", json.get("model").get("type").asText());
        assertEquals(39843, json.get("model").get("vocab").size());
        assertEquals("<eos>", json.get("added_tokens").get(2).get("content").asText());
        assertOnly("tokenizer.json");
    }

    @Test
    void writesASentencePieceModelAndReportsWhatItLeftOut() throws Exception {
        Path out = dir.resolve("plus.model");
        MainAccess.Result r = export("--model", MODEL, "--to", "sentencepiece", "--output", out.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("left out 248 pieces"), r.out());
        assertTrue(Files.size(out) > 100_000, "a model of 40k pieces");
        assertOnly("plus.model");
    }

    @Test
    void aMalformedModelFileIsAnErrorNamingIt() throws Exception {
        Path bad = dir.resolve("broken.json");
        Files.writeString(bad, "{\"YQ==\": [3, \"a\"");
        Path out = dir.resolve("tokenizer.json");
        MainAccess.Result r = export("--model", bad.toString(), "--to", "hf", "--output", out.toString());
        assertEquals(Main.USER_ERROR, r.exitCode());
        assertTrue(r.err().contains("broken.json") && r.err().contains("malformed JSON"), r.err());
        assertOnly("broken.json");
    }

    @Test
    void anUnknownFormatIsAUsageError() throws Exception {
        MainAccess.Result r = export(
                "--model",
                MODEL,
                "--to",
                "tiktoken",
                "--output",
                dir.resolve("x").toString());
        assertEquals(2, r.exitCode());
        assertTrue(
                r.err().contains("Invalid value for option '--to': must be one of hf, sentencepiece, got \"tiktoken\""),
                r.err());
        assertOnly();
    }

    @Test
    void anExistingOutputIsKeptUnlessOverwriteIsGiven() throws Exception {
        Path out = dir.resolve("tokenizer.json");
        Files.writeString(out, "mine");
        MainAccess.Result refused = export("--model", MODEL, "--to", "hf", "--output", out.toString());
        assertEquals(Main.USER_ERROR, refused.exitCode());
        assertTrue(refused.err().contains("output " + out + " already exists; pass --overwrite"), refused.err());
        assertEquals("mine", Files.readString(out));
        MainAccess.Result replaced = export("--model", MODEL, "--to", "hf", "--output", out.toString(), "--overwrite");
        assertEquals(0, replaced.exitCode(), replaced.err());
        assertFalse(Files.readString(out).equals("mine"));
        assertOnly("tokenizer.json");
    }
}
