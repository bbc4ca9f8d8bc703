package dev.piecemill.jobs.faults;

import java.io.IOException;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSInputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.spark.TaskContext;

/**
 * The local file system under the scheme {@code flaky:}, whose reads fail once: in the first
 * attempt of the task of partition {@link #FAILING_PARTITION}, a file opened for reading throws
 * after {@link #BYTES_BEFORE_FAILING} bytes, so that task has done part of its work (and
 * counted it) when it fails, and Spark retries it. Registered with
 * {@code spark.hadoop.fs.flaky.impl}; the driver's own reads (TaskContext null) never fail.
 */
public final class FlakyFileSystem extends RawLocalFileSystem {
    static final int FAILING_PARTITION = 1;
    static final int BYTES_BEFORE_FAILING = 50_000;
    private static final AtomicInteger FAILURES = new AtomicInteger();

    /** How many reads failed so far in this JVM (local mode: the executors' too). */
    static int failures() {
        return FAILURES.get();
    }

    @Override
    public URI getUri() {
        return URI.create("flaky:///");
    }

    @Override
    public String getScheme() {
        return "flaky";
    }

    @Override
    public FSDataInputStream open(Path f, int bufferSize) throws IOException {
        FSDataInputStream in = super.open(f, bufferSize);
        TaskContext task = TaskContext.get();
        if (task == null || task.attemptNumber() > 0 || task.partitionId() != FAILING_PARTITION) {
            return in;
        }
        return new FSDataInputStream(new FailingStream(in));
    }

    /** Reads through, then fails once the budget of bytes is spent. */
    private static final class FailingStream extends FSInputStream {
        private final FSDataInputStream in;
        private long budget = BYTES_BEFORE_FAILING;

        FailingStream(FSDataInputStream in) {
            this.in = in;
        }

        private void spend(long n) throws IOException {
            budget -= n;
            if (budget < 0) {
                FAILURES.incrementAndGet();
                throw new IOException("planted read failure (first attempt of partition " + FAILING_PARTITION + ")");
            }
        }

        @Override
        public int read() throws IOException {
            spend(1);
            return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                spend(n);
            }
            return n;
        }

        @Override
        public void seek(long pos) throws IOException {
            in.seek(pos);
        }

        @Override
        public long getPos() throws IOException {
            return in.getPos();
        }

        @Override
        public boolean seekToNewSource(long targetPos) throws IOException {
            return false;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
