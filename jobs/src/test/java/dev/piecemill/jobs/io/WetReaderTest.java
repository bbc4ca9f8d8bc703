package dev.piecemill.jobs.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.util.LongAccumulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The WET reader alone (no Spark): a file cut anywhere gives whole documents or an error, never a short one. */
class WetReaderTest {
    private static final List<WetFiles.Page> PAGES = List.of(
            WetFiles.Page.of("<urn:uuid:1>", "https://a.example/", "eng", "First page.\nSecond line."),
            WetFiles.Page.metadataRecord("https://a.example/"),
            WetFiles.Page.of("<urn:uuid:2>", "https://b.example/", null, "Zweite Seite: Größe 🎉"),
            WetFiles.Page.of("<urn:uuid:3>", "https://c.example/", "zho", "第三页。"));

    @TempDir
    Path dir;

    private static List<CorpusRecord> readAll(Path file) throws IOException {
        WetReader reader = new WetReader(1 << 20, WetReader.DEFAULT_COLUMNS, new LongAccumulator());
        Iterator<CorpusRecord> records = reader.read(
                new InputSplit(file.toString(), file.getFileName().toString(), 0, Long.MAX_VALUE), new Configuration());
        List<CorpusRecord> out = new ArrayList<>();
        records.forEachRemaining(out::add);
        return out;
    }

    private static List<WetFiles.Page> documents() {
        return PAGES.stream().filter(p -> !p.metadata()).toList();
    }

    @Test
    void everyCutGivesWholeDocumentsThenAnErrorNamingTheFile() throws IOException {
        for (String name : List.of("cut.warc.wet.gz", "cut.warc.wet")) {
            byte[] whole = Files.readAllBytes(WetFiles.write(dir.resolve("whole/" + name), PAGES));
            List<CorpusRecord> all = readAll(dir.resolve("whole/" + name));
            assertEquals(3, all.size(), name);
            int errors = 0;
            for (int cut = 1; cut < whole.length; cut++) {
                Path file = dir.resolve("cut/" + name);
                Files.createDirectories(file.getParent());
                Files.write(file, Arrays.copyOf(whole, cut));
                List<CorpusRecord> read = new ArrayList<>();
                try {
                    read.addAll(readAll(file));
                } catch (dev.piecemill.util.UserError e) {
                    errors++;
                    assertTrue(e.getMessage().startsWith(name + ": cannot read "), e.getMessage());
                }
                // whatever came out before the fault is whole: the same documents, complete
                for (int i = 0; i < read.size(); i++) {
                    CorpusRecord.Document doc = (CorpusRecord.Document) read.get(i);
                    WetFiles.Page page = documents().get(i);
                    assertEquals(page.id(), doc.id(), name + " cut at " + cut);
                    assertArrayEquals(
                            page.text().getBytes(StandardCharsets.UTF_8), doc.utf8(), name + " cut at " + cut);
                    assertEquals(page.url(), doc.kept()[0]);
                    assertEquals(page.language(), doc.kept()[1]);
                }
            }
            assertTrue(errors > whole.length / 2, name + ": most cuts fall inside a record: " + errors);
        }
    }
}
