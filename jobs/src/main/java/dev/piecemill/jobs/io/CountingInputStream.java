package dev.piecemill.jobs.io;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.apache.spark.util.LongAccumulator;

/** Adds the bytes read from a file (before decompression) to an accumulator: the job's progress. */
final class CountingInputStream extends FilterInputStream {
    private final LongAccumulator bytesRead;

    CountingInputStream(InputStream in, LongAccumulator bytesRead) {
        super(in);
        this.bytesRead = bytesRead;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            bytesRead.add(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            bytesRead.add(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = super.skip(n);
        bytesRead.add(skipped);
        return skipped;
    }
}
