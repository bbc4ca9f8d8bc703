package dev.piecemill.cli;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayDeque;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs batches on worker threads and writes their output in submission order. At most
 * 4 x threads batches are in flight, so memory stays bounded however long the input. With one
 * thread everything runs on the caller's thread, so a one-core measurement uses one core.
 */
final class OrderedBatches implements AutoCloseable {
    private final ExecutorService workers;
    private final ArrayDeque<Future<CharSequence>> pending = new ArrayDeque<>();
    private final int maxPending;
    private final Writer out;

    OrderedBatches(int threads, Writer out) {
        this.workers = threads == 1 ? null : Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "encode");
            t.setDaemon(true);
            return t;
        });
        this.maxPending = threads * 4;
        this.out = out;
    }

    void submit(Callable<CharSequence> batch) throws IOException {
        if (workers == null) {
            try {
                out.append(batch.call());
            } catch (RuntimeException | IOException e) {
                throw e;
            } catch (Exception e) {
                throw new IOException(e);
            }
            return;
        }
        pending.add(workers.submit(batch));
        while (pending.size() >= maxPending) {
            writeOldest();
        }
    }

    private void writeOldest() throws IOException {
        try {
            out.append(pending.poll().get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IOException(e.getCause());
        }
    }

    /** Writes what is still pending, then stops the workers. */
    @Override
    public void close() throws IOException {
        try {
            while (!pending.isEmpty()) {
                writeOldest();
            }
        } finally {
            if (workers != null) {
                workers.shutdownNow();
            }
        }
    }
}
