package dev.piecemill.jobs.io;

import dev.piecemill.util.UserError;
import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Refuses to write over an existing output unless the user asked to replace it. A job writes its
 * summary file last, so a folder with Spark's files in it (a {@code _temporary} folder, a
 * {@code _SUCCESS} or a {@code part-} file, at its top or one level down) but no summary is what a
 * killed or failed run left: it is named as such, never taken for a finished one.
 */
public final class OutputGuard {
    private OutputGuard() {}

    /**
     * Checks (before any work is done) and, with overwrite, removes the old output; SUMMARY_FILE
     * is the file inside it that the job writes last.
     */
    public static void prepare(String output, String summaryFile, boolean overwrite, Configuration conf)
            throws IOException {
        Path path = new Path(output);
        FileSystem fs = path.getFileSystem(conf);
        if (!fs.exists(path)) {
            return;
        }
        if (!overwrite) {
            if (fs.getFileStatus(path).isDirectory()
                    && !fs.exists(new Path(path, summaryFile))
                    && holdsSparkFiles(fs, path, 1)) {
                throw new UserError("output " + output + " is the partial output of a run that did not finish (it has"
                        + " no " + summaryFile + "); pass --overwrite to replace it");
            }
            throw new UserError("output " + output + " already exists; pass --overwrite to replace it");
        }
        if (!fs.delete(path, true)) {
            throw new IOException("cannot remove the old output " + output);
        }
    }

    private static boolean holdsSparkFiles(FileSystem fs, Path folder, int depth) throws IOException {
        for (FileStatus entry : fs.listStatus(folder)) {
            String name = entry.getPath().getName();
            if (name.equals("_temporary") || name.equals("_SUCCESS") || name.startsWith("part-")) {
                return true;
            }
            if (entry.isDirectory() && depth > 0 && holdsSparkFiles(fs, entry.getPath(), depth - 1)) {
                return true;
            }
        }
        return false;
    }
}
