package dev.piecemill.jobs.io;

import dev.piecemill.piece.ModelFile;
import dev.piecemill.piece.PieceModel;
import dev.piecemill.util.UserError;
import java.io.IOException;
import java.io.InputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/** Model files on any Hadoop file system (local, HDFS, S3...). */
public final class ModelFiles {
    private ModelFiles() {}

    /** Writes a model file (reference format) whole or not at all: to a temporary file, then renamed. */
    public static void write(PieceModel model, String path, Configuration conf) throws IOException {
        AtomicFiles.write(path, conf, out -> ModelFile.write(model, out));
    }

    public static PieceModel read(String path, Configuration conf) throws IOException {
        Path p = new Path(path);
        try (InputStream in = p.getFileSystem(conf).open(p)) {
            return ModelFile.read(in, path);
        } catch (java.io.FileNotFoundException e) {
            throw new UserError("model file " + path + " does not exist");
        }
    }
}
