package dev.piecemill.jobs.io;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.util.LongAccumulator;

/**
 * Hostile corpus files: JSON-ish and random lines, plain or gz/bz2/zst, with the compressed
 * bytes damaged or cut (jqwik), and files that coverage-guided fuzzing found (Jazzer). Every
 * record read is a document or a bad record naming the file; a file that cannot be read fails
 * with a UserError naming it; nothing else escapes.
 */
class CorpusReaderFuzzTest {
    private static final Configuration CONF = new Configuration();
    private static final String[] SUFFIXES = {"", ".gz", ".bz2", ".zst"};
    private static final String[] LINES = {
        "{\"text\": \"hello\"}",
        "{\"text\": 12}",
        "{\"text\": \"caf\\u00e9\", \"id\": \"x\"}",
        "{\"tex",
        "[1,2]",
        "",
        "null",
        "{\"text\": \"\\ud800\"}",
        "{\"text\": \"a\"}{\"text\": \"b\"}",
        "\t ",
        "{}",
        "{\"text\": \"" + "w".repeat(300) + "\"}",
    };

    @Provide
    Arbitrary<byte[]> content() {
        Arbitrary<String> line =
                Arbitraries.oneOf(Arbitraries.of(LINES), Arbitraries.strings().ofMaxLength(40));
        Arbitrary<byte[]> text =
                line.list().ofMaxSize(30).map(l -> (String.join("\n", l) + "\n").getBytes(StandardCharsets.UTF_8));
        return Arbitraries.oneOf(text, Arbitraries.bytes().array(byte[].class).ofMaxSize(2000));
    }

    @Provide
    Arbitrary<String> suffix() {
        return Arbitraries.of(SUFFIXES);
    }

    @Property(tries = 300, seed = "20261202")
    void anyFileGivesRecordsOrAnErrorNamingIt(
            @ForAll("content") byte[] content,
            @ForAll("suffix") String suffix,
            @ForAll boolean jsonl,
            @ForAll int damageAt,
            @ForAll byte damage,
            @ForAll boolean cut)
            throws IOException {
        byte[] bytes = compress(suffix, content);
        if (bytes.length > 0 && damage != 0) {
            bytes[Math.floorMod(damageAt, bytes.length)] ^= damage;
        }
        if (cut && bytes.length > 1) {
            bytes = java.util.Arrays.copyOf(bytes, Math.floorMod(damageAt, bytes.length));
        }
        readEveryRecord(bytes, jsonl, suffix);
    }

    /**
     * Coverage-guided: the suite replays the inputs committed in {@code CorpusReaderFuzzTestInputs/},
     * {@code scripts/fuzz} searches for more. The first byte says how to read the rest: bit 0 JSON
     * Lines (else text), bits 1-2 the compression suffix, bit 3 whether the rest is compressed
     * first (else it is the file's bytes as they are).
     */
    @FuzzTest(maxDuration = "60s")
    void fuzzedFilesGiveRecordsOrAnErrorNamingThem(byte[] input) throws IOException {
        if (input.length == 0) {
            return;
        }
        String suffix = SUFFIXES[(input[0] >> 1) & 3];
        byte[] rest = java.util.Arrays.copyOfRange(input, 1, input.length);
        readEveryRecord((input[0] & 8) != 0 ? compress(suffix, rest) : rest, (input[0] & 1) != 0, suffix);
    }

    private static void readEveryRecord(byte[] bytes, boolean jsonl, String suffix) throws IOException {
        CorpusReader reader = new CorpusReader(
                jsonl ? InputFormat.JSONL : InputFormat.TEXT,
                "text",
                null,
                CorpusOptions.DEFAULT_MAX_RECORD_BYTES,
                List.of(),
                new LongAccumulator());
        HostileFiles.readEveryRecord(bytes, (jsonl ? ".jsonl" : ".txt") + suffix, split -> reader.read(split, CONF));
    }

    @net.jqwik.api.Example
    void aRecordNestedThousandsDeepIsABadRecordNotAStackOverflow() throws IOException {
        Path file = Files.createTempFile("deep", ".jsonl");
        try {
            Files.writeString(file, "{\"text\": \"fine\"}\n" + "[".repeat(100_000) + "\n{\"text\": \"also fine\"}\n");
            CorpusReader reader = new CorpusReader(
                    InputFormat.JSONL,
                    "text",
                    null,
                    CorpusOptions.DEFAULT_MAX_RECORD_BYTES,
                    List.of(),
                    new LongAccumulator());
            String name = file.getFileName().toString();
            List<CorpusRecord> records = new java.util.ArrayList<>();
            reader.read(new InputSplit(file.toString(), name, 0, Long.MAX_VALUE), CONF)
                    .forEachRemaining(records::add);
            assertTrue(records.size() == 3, records.toString());
            assertTrue(records.get(0) instanceof CorpusRecord.Document);
            CorpusRecord.Bad bad = (CorpusRecord.Bad) records.get(1);
            assertTrue(bad.describe().startsWith(name + ", record at byte 17: malformed JSON"), bad.describe());
            assertTrue(bad.describe().contains("nesting depth"), bad.describe());
            assertTrue(records.get(2) instanceof CorpusRecord.Document);
        } finally {
            Files.delete(file);
        }
    }

    private static byte[] compress(String suffix, byte[] content) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (OutputStream out = switch (suffix) {
            case ".gz" -> new GZIPOutputStream(buffer);
            case ".bz2" -> new BZip2CompressorOutputStream(buffer);
            case ".zst" -> new ZstdCompressorOutputStream(buffer);
            default -> buffer;
        }) {
            out.write(content);
        }
        return buffer.toByteArray();
    }
}
