package dev.piecemill.jobs.io;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.util.LongAccumulator;

/**
 * Hostile WET files: a real one (jwarc's writer, plain or gzip) with bytes overwritten and cut
 * (jqwik), and files that coverage-guided fuzzing found (Jazzer). Every record read is a document
 * or a bad record naming the file; a file that cannot be read fails with a UserError naming it;
 * nothing else escapes.
 */
class WetReaderFuzzTest {
    private static final Configuration CONF = new Configuration();
    private static final List<WetFiles.Page> PAGES = List.of(
            WetFiles.Page.of("<urn:uuid:1>", "https://a.example/", "eng", "First page.\nSecond line."),
            WetFiles.Page.metadataRecord("https://a.example/"),
            WetFiles.Page.of(null, "https://b.example/", null, "Zweite Seite: Größe"),
            WetFiles.Page.of("<urn:uuid:3>", "https://c.example/", "zho", "第三页。"));

    @Provide
    Arbitrary<int[]> damage() {
        return Arbitraries.integers()
                .between(0, Integer.MAX_VALUE)
                .array(int[].class)
                .ofMaxSize(6);
    }

    @Property(tries = 200, seed = "20261203")
    void damagedWetGivesRecordsOrAnErrorNamingIt(
            @ForAll boolean gzip, @ForAll("damage") int[] damage, @ForAll boolean cut, @ForAll int cutAt)
            throws IOException {
        Path whole =
                WetFiles.write(Files.createTempDirectory("wet").resolve(gzip ? "a.warc.wet.gz" : "a.warc.wet"), PAGES);
        byte[] bytes = Files.readAllBytes(whole);
        Files.delete(whole);
        Files.delete(whole.getParent());
        for (int d : damage) {
            bytes[d % bytes.length] ^= (byte) (1 + (d >>> 24) % 255);
        }
        if (cut) {
            bytes = Arrays.copyOf(bytes, Math.floorMod(cutAt, bytes.length));
        }
        readEveryRecord(bytes, gzip);
    }

    /**
     * Coverage-guided: the suite replays the inputs committed in {@code WetReaderFuzzTestInputs/},
     * {@code scripts/fuzz} searches for more. The first byte's bit 0 says whether the rest is
     * gzipped first (else it is the file as it is).
     */
    @FuzzTest(maxDuration = "60s")
    void fuzzedWetGivesRecordsOrAnErrorNamingIt(byte[] input) throws IOException {
        if (input.length == 0) {
            return;
        }
        byte[] rest = Arrays.copyOfRange(input, 1, input.length);
        readEveryRecord((input[0] & 1) != 0 ? gzip(rest) : rest, (input[0] & 1) != 0);
    }

    private static void readEveryRecord(byte[] bytes, boolean gzip) throws IOException {
        WetReader reader = new WetReader(1 << 20, WetReader.DEFAULT_COLUMNS, new LongAccumulator());
        HostileFiles.readEveryRecord(bytes, gzip ? ".warc.wet.gz" : ".warc.wet", split -> reader.read(split, CONF));
    }

    private static byte[] gzip(byte[] content) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(buffer)) {
            out.write(content);
        }
        return buffer.toByteArray();
    }
}
