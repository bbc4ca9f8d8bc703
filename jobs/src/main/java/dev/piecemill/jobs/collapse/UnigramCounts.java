package dev.piecemill.jobs.collapse;

import dev.piecemill.metrics.TokenFrequencies;
import it.unimi.dsi.fastutil.ints.Int2LongOpenHashMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;

/** Token counts per replicate of a small or medium corpus, tallied per task and summed on the driver. */
final class UnigramCounts {
    private UnigramCounts() {}

    static Map<Integer, TokenFrequencies> of(JavaRDD<CorpusDocument> corpus) {
        Map<Integer, Int2LongOpenHashMap> sums = corpus.mapPartitions(documents -> {
                    Map<Integer, Int2LongOpenHashMap> counts = new HashMap<>();
                    documents.forEachRemaining(d -> {
                        Int2LongOpenHashMap c =
                                counts.computeIfAbsent(d.getReplicate(), r -> new Int2LongOpenHashMap());
                        for (int id : d.getIds()) {
                            c.addTo(id, 1);
                        }
                    });
                    return List.of(counts).iterator();
                })
                .fold(new HashMap<>(), UnigramCounts::merge);
        Map<Integer, TokenFrequencies> out = new HashMap<>();
        sums.forEach((r, c) -> out.put(r, TokenFrequencies.fromCounts(c)));
        return out;
    }

    private static Map<Integer, Int2LongOpenHashMap> merge(
            Map<Integer, Int2LongOpenHashMap> a, Map<Integer, Int2LongOpenHashMap> b) {
        Map<Integer, Int2LongOpenHashMap> out = new HashMap<>();
        for (Map<Integer, Int2LongOpenHashMap> m : List.of(a, b)) {
            m.forEach((r, counts) -> {
                Int2LongOpenHashMap sum = out.computeIfAbsent(r, x -> new Int2LongOpenHashMap());
                counts.int2LongEntrySet().fastForEach(e -> sum.addTo(e.getIntKey(), e.getLongValue()));
            });
        }
        return out;
    }
}
