package dev.piecemill.jobs.tokenize;

import dev.piecemill.jobs.io.LazyIterator;
import dev.piecemill.pack.TokenDtype;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.TaskContext;
import org.apache.spark.util.TaskCompletionListener;

/**
 * Writes one bucket's rows to its shard (their ids, row after row, as little-endian
 * {@link TokenDtype}) through Hadoop's FileSystem, as they pass on to the doc-ids table without
 * their ids. The file is opened with the first row, so an empty bucket writes none; a retried
 * task rewrites the same bytes, the packing being deterministic.
 */
final class ShardWriter extends LazyIterator<PackedRow> {
    private static final int BUFFER_BYTES = 1 << 20;
    private final Iterator<PackedRow> rows;
    private final Path path;
    private final TokenDtype dtype;
    private final Configuration conf;
    private OutputStream out;

    ShardWriter(Iterator<PackedRow> rows, String path, TokenDtype dtype, Configuration conf) {
        this.rows = rows;
        this.path = new Path(path);
        this.dtype = dtype;
        this.conf = conf;
        TaskContext task = TaskContext.get();
        if (task != null) {
            // a failed task still closes its file
            task.addTaskCompletionListener((TaskCompletionListener) context -> close());
        }
    }

    @Override
    protected PackedRow computeNext() {
        if (!rows.hasNext()) {
            close();
            return null;
        }
        PackedRow row = rows.next();
        try {
            if (out == null) {
                out = new BufferedOutputStream(path.getFileSystem(conf).create(path, true), BUFFER_BYTES);
            }
            out.write(dtype.encode(row.getIds()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path + ": " + e.getMessage(), e);
        }
        row.setIds(null);
        return row;
    }

    private void close() {
        if (out == null) {
            return;
        }
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path + ": " + e.getMessage(), e);
        } finally {
            out = null;
        }
    }
}
