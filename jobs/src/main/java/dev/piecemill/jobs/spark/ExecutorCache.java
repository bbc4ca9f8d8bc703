package dev.piecemill.jobs.spark;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.spark.broadcast.Broadcast;

/**
 * State built once per executor JVM from a broadcast (a tokenizer's trie, say), not once per
 * task: keyed by the broadcast's id, the few most recent kept.
 */
public final class ExecutorCache {
    private static final int KEPT = 8;
    private static final Map<Long, Object> BUILT = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Object> eldest) {
            return size() > KEPT;
        }
    };

    private ExecutorCache() {}

    /** What {@code build} makes of the broadcast, built on this executor's first call. */
    @SuppressWarnings("unchecked")
    public static synchronized <T> T get(Broadcast<?> broadcast, Supplier<T> build) {
        return (T) BUILT.computeIfAbsent(broadcast.id(), id -> build.get());
    }
}
