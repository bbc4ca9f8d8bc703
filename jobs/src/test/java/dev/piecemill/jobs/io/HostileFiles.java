package dev.piecemill.jobs.io;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.piecemill.util.UserError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;

/** What a reader must do with any file: records that are documents or bad records naming the file, or a UserError naming it. */
final class HostileFiles {
    private HostileFiles() {}

    @FunctionalInterface
    interface Reader {
        Iterator<CorpusRecord> read(InputSplit wholeFile) throws IOException;
    }

    /** Writes the bytes to a temporary file ending in {@code suffix} and reads every record of it. */
    static void readEveryRecord(byte[] bytes, String suffix, Reader reader) throws IOException {
        Path file = Files.createTempFile("hostile", suffix);
        String name = file.getFileName().toString();
        try {
            Files.write(file, bytes);
            try {
                Iterator<CorpusRecord> records = reader.read(new InputSplit(file.toString(), name, 0, Long.MAX_VALUE));
                while (records.hasNext()) {
                    CorpusRecord record = records.next();
                    if (record instanceof CorpusRecord.Bad bad) {
                        assertTrue(bad.describe().startsWith(name), bad.describe());
                    } else {
                        assertTrue(record instanceof CorpusRecord.Document, record.toString());
                    }
                }
            } catch (UserError e) {
                assertTrue(String.valueOf(e.getMessage()).contains(name), "the error names the file: " + e);
            }
        } finally {
            Files.delete(file);
        }
    }
}
