package dev.piecemill.jobs.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.netpreserve.jwarc.MediaType;
import org.netpreserve.jwarc.WarcCompression;
import org.netpreserve.jwarc.WarcConversion;
import org.netpreserve.jwarc.WarcMetadata;
import org.netpreserve.jwarc.WarcWriter;
import org.netpreserve.jwarc.Warcinfo;

/** WET files for tests, written by jwarc's own writer as Common Crawl lays them out. */
public final class WetFiles {
    private WetFiles() {}

    /**
     * A conversion record's parts; a null {@code id} writes the record without WARC-Record-ID,
     * a null {@code language} without the language header; {@code metadata} writes a metadata
     * record (not a document) instead.
     */
    public record Page(String id, String url, String language, String text, boolean metadata) {
        public static Page of(String id, String url, String language, String text) {
            return new Page(id, url, language, text, false);
        }

        public static Page metadataRecord(String url) {
            return new Page("<urn:uuid:00000000-0000-0000-0000-00000000beef>", url, null, "fetchTimeMs: 12\n", true);
        }
    }

    /**
     * Writes a warcinfo record, then the pages; gzip compressed (a member per record) when the
     * name ends in .gz.
     */
    public static Path write(Path file, List<Page> pages) throws IOException {
        Files.createDirectories(file.getParent());
        WarcCompression compression = file.toString().endsWith(".gz") ? WarcCompression.GZIP : WarcCompression.NONE;
        try (FileChannel channel = FileChannel.open(
                        file,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING);
                WarcWriter writer = new WarcWriter(channel, compression)) {
            writer.write(new Warcinfo.Builder()
                    .body(
                            MediaType.parse("application/warc-fields"),
                            "isPartOf: CC-MAIN-2024-10\r\n".getBytes(StandardCharsets.UTF_8))
                    .build());
            for (Page page : pages) {
                byte[] body = page.text().getBytes(StandardCharsets.UTF_8);
                if (page.metadata()) {
                    writer.write(new WarcMetadata.Builder()
                            .setHeader("WARC-Target-URI", page.url())
                            .body(MediaType.parse("application/warc-fields"), body)
                            .build());
                    continue;
                }
                WarcConversion.Builder record = new WarcConversion.Builder()
                        .setHeader("WARC-Target-URI", page.url())
                        .setHeader("WARC-Record-ID", page.id())
                        .body(MediaType.parse("text/plain"), body);
                if (page.language() != null) {
                    record.setHeader("WARC-Identified-Content-Language", page.language());
                }
                writer.write(record.build());
            }
        }
        return file;
    }
}
