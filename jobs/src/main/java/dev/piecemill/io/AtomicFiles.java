package dev.piecemill.io;

import java.io.IOException;
import java.io.OutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Small files (models, summaries, run records, metrics, pages) written whole or not at all, on any
 * Hadoop file system: the content goes to a hidden sibling ({@code _NAME.tmp}, which Spark and
 * our readers skip), which is renamed onto the target once closed. A process killed midway
 * leaves the old file or none, never a half-written one that a reader could take for complete.
 */
public final class AtomicFiles {
    /** Writes the content to a stream; may throw. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicFiles() {}

    public static void write(String path, Configuration conf, Content content) throws IOException {
        Path target = new Path(path);
        write(target.getFileSystem(conf), target, content);
    }

    /** As above on a given file system (say the raw local one, which writes no .crc files). */
    public static void write(FileSystem fs, Path target, Content content) throws IOException {
        Path temporary = new Path(target.getParent(), "_" + target.getName() + ".tmp");
        try {
            try (OutputStream out = fs.create(temporary, true)) {
                content.writeTo(out);
            }
            // rename does not replace on every file system (HDFS, the local one): remove first
            if (fs.exists(target) && !fs.delete(target, false)) {
                throw new IOException("cannot replace " + target);
            }
            if (!fs.rename(temporary, target)) {
                throw new IOException("cannot move " + temporary + " to " + target);
            }
        } catch (IOException | RuntimeException e) {
            fs.delete(temporary, false);
            throw e;
        }
    }
}
