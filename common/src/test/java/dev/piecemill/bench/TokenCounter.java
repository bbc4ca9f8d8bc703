package dev.piecemill.bench;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Tokens a benchmark handled, reported by JMH per second as its {@code :tokens} row. */
@AuxCounters(AuxCounters.Type.OPERATIONS)
@State(Scope.Thread)
public class TokenCounter {
    public long tokens;

    @Setup(Level.Iteration)
    public void reset() {
        tokens = 0;
    }
}
