package dev.piecemill.jobs.io;

import java.util.Iterator;
import java.util.NoSuchElementException;

/** An iterator that computes each element when asked: partitions stream one record at a time. */
public abstract class LazyIterator<T> implements Iterator<T> {
    private T next;
    private boolean ready;

    /** The next element, or null at the end. */
    protected abstract T computeNext();

    @Override
    public final boolean hasNext() {
        if (!ready) {
            next = computeNext();
            ready = true;
        }
        return next != null;
    }

    @Override
    public final T next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        ready = false;
        return next;
    }
}
