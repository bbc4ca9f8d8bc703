package dev.piecemill.jobs.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file is replaced whole or not at all, and reads back through Hadoop's checksummed local file system. */
class AtomicFilesTest {
    @TempDir
    Path dir;

    private final Configuration conf = new Configuration();

    @Test
    void aWriterThatFailsMidwayLeavesTheOldFileAndNoTemporary() throws IOException {
        String path = dir.resolve("model-8000.json").toString();
        AtomicFiles.write(path, conf, out -> out.write("old".getBytes(StandardCharsets.UTF_8)));
        IOException failure = assertThrows(
                IOException.class,
                () -> AtomicFiles.write(path, conf, out -> {
                    out.write("half of the new".getBytes(StandardCharsets.UTF_8));
                    throw new IOException("disk full");
                }));
        assertEquals("disk full", failure.getMessage());
        assertEquals("old", read(path));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(
                    java.util.List.of("model-8000.json"),
                    files.map(p -> p.getFileName().toString())
                            .filter(n -> !n.endsWith(".crc"))
                            .sorted()
                            .toList());
        }
    }

    @Test
    void aNewFileReplacesTheOldOneAndItsChecksum() throws IOException {
        String path = dir.resolve("_summary.json").toString();
        AtomicFiles.write(path, conf, out -> out.write("first, a longer text".getBytes(StandardCharsets.UTF_8)));
        AtomicFiles.write(path, conf, out -> out.write("second".getBytes(StandardCharsets.UTF_8)));
        assertEquals("second", read(path), "read through the checksummed file system: the .crc is the new file's");
        assertFalse(Files.exists(dir.resolve("__summary.json.tmp")));
    }

    private String read(String path) throws IOException {
        org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(path);
        try (InputStream in = FileSystem.getLocal(conf).open(p)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
