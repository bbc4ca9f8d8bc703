package dev.piecemill.jobs.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files, folders and globs become a sorted list of files named relative to their input. */
class InputFilesTest {
    @TempDir
    Path dir;

    private Path file(String relative, int bytes) throws IOException {
        Path path = dir.resolve(relative);
        Files.createDirectories(path.getParent());
        return Files.write(path, new byte[bytes]);
    }

    private List<String> names(String... inputs) throws IOException {
        return InputFiles.list(List.of(inputs), new Configuration()).stream()
                .map(InputFiles.InputFile::name)
                .toList();
    }

    @Test
    void aFolderGlobOrFileListsItsDataFilesButNotHiddenOnes() throws IOException {
        file("corpus/b.jsonl", 10);
        file("corpus/a.jsonl.gz", 10);
        file("corpus/sub/c.jsonl", 10);
        file("corpus/_SUCCESS", 0);
        file("corpus/.a.jsonl.crc", 10);
        file("corpus/_temporary/d.jsonl", 10);
        assertEquals(
                List.of("a.jsonl.gz", "b.jsonl", "sub/c.jsonl"),
                names(dir.resolve("corpus").toString()));
        assertEquals(
                List.of("a.jsonl.gz", "b.jsonl"),
                names(dir.resolve("corpus/*.jsonl*").toString()));
        assertEquals(List.of("b.jsonl"), names(dir.resolve("corpus/b.jsonl").toString()));
    }

    @Test
    void sameNamesUnderTwoInputsFallBackToFullPaths() throws IOException {
        file("x/part.jsonl", 10);
        file("y/part.jsonl", 10);
        List<String> names = names(dir.resolve("x").toString(), dir.resolve("y").toString());
        assertEquals(2, names.size());
        assertTrue(names.get(0).endsWith("x/part.jsonl") && names.get(1).endsWith("y/part.jsonl"), names.toString());
    }

    @Test
    void anInputThatMatchesNothingIsAnError() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> names(dir.resolve("nothing/*.jsonl").toString()));
        assertTrue(e.getMessage().contains("matches no file"), e.getMessage());
    }

    @Test
    void uncompressedFilesAreCutIntoRangesCompressedOnesAreNot() throws IOException {
        file("s/big.txt", 2500);
        file("s/big.txt.gz", 2500);
        List<InputSplit> splits =
                InputFiles.splits(InputFiles.list(List.of(dir.resolve("s").toString()), new Configuration()), 1000);
        assertEquals(4, splits.size());
        assertEquals(
                List.of(0L, 1000L, 2000L, 0L),
                splits.stream().map(InputSplit::start).toList());
        assertEquals(Long.MAX_VALUE, splits.get(2).end(), "the last range runs to the end of the file");
        assertEquals("big.txt.gz", splits.get(3).name());
    }
}
