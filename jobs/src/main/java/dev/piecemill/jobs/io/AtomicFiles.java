package dev.piecemill.jobs.io;

import java.io.IOException;
import java.io.OutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Small files (models, summaries, run records, metrics, pages, exports) written whole or not at
 * all: the content goes to a sibling, which is renamed onto the target once closed. A process
 * killed midway leaves the old file or none, never a half-written one that a reader could take
 * for complete. On any Hadoop file system (the jobs' outputs) the sibling is {@code _NAME.tmp},
 * which Spark and our readers skip; for a local file of a command without Spark, java.nio's.
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

    /**
     * As above for a local file, without Hadoop (the commands that start in a fraction of a
     * second): the sibling is {@code .NAME.PID.partial}, made as any file is (the umask's
     * permissions, not a temporary file's owner-only ones), then moved atomically.
     */
    public static void writeLocal(java.nio.file.Path target, Content content) throws IOException {
        java.nio.file.Path parent = target.toAbsolutePath().getParent();
        java.nio.file.Files.createDirectories(parent);
        java.nio.file.Path partial = parent.resolve(
                "." + target.getFileName() + "." + ProcessHandle.current().pid() + ".partial");
        java.nio.file.Files.deleteIfExists(partial); // left by a killed run of a process with our pid
        try {
            try (OutputStream out =
                    java.nio.file.Files.newOutputStream(partial, java.nio.file.StandardOpenOption.CREATE_NEW)) {
                content.writeTo(out);
            }
            java.nio.file.Files.move(
                    partial,
                    target,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            java.nio.file.Files.deleteIfExists(partial);
            throw e;
        }
    }
}
