package dev.piecemill.io;

import dev.piecemill.util.UserError;
import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** Refuses to write over an existing output unless the user asked to replace it. */
public final class OutputGuard {
    private OutputGuard() {}

    /** Checks (before any work is done) and, with overwrite, removes the old output. */
    public static void prepare(String output, boolean overwrite, Configuration conf) throws IOException {
        Path path = new Path(output);
        FileSystem fs = path.getFileSystem(conf);
        if (!fs.exists(path)) {
            return;
        }
        if (!overwrite) {
            throw new UserError("output " + output + " already exists; pass --overwrite to replace it");
        }
        if (!fs.delete(path, true)) {
            throw new IOException("cannot remove the old output " + output);
        }
    }
}
