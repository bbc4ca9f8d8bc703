package dev.piecemill.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.piecemill.piece.Tokenizer;
import dev.piecemill.testing.TestData;
import dev.piecemill.util.Seeds;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Tokenization speed of the tokenizer alone (no I/O, no JVM start): bytepiece.plus.40k on the
 * 300 Europarl paragraphs of golden/tokenize-europarl.jsonl.gz (about 0.33 MB of UTF-8).
 *
 * <p>One operation encodes every text once. MB/s = total UTF-8 bytes / time: JMH reports it
 * directly as the secondary result {@code :bytes} (an {@link AuxCounters} counter, in bytes per
 * second; divide by 1e6), and it equals the primary score (ops/s) times {@link #totalBytes}
 * (printed at setup). With {@code -t 1} that is the speed of one core.
 *
 * <p>Run with scripts/bench-jmh EncodeBenchmark, or
 * {@code java -cp <test classpath> org.openjdk.jmh.Main EncodeBenchmark -f 1 -wi 2 -i 3 -t 1}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class EncodeBenchmark {
    /** Sampling's smoothing, as a subword-regularization run would use. */
    private static final double ALPHA = 0.1;

    private static final long SEED = 20240611L;

    private Tokenizer tokenizer;
    private String[] texts;
    long totalBytes;

    @Setup(Level.Trial)
    public void load() {
        tokenizer = new Tokenizer(TestData.model("plus.40k"));
        List<JsonNode> lines = TestData.jsonLines("golden/tokenize-europarl.jsonl.gz");
        texts = new String[lines.size()];
        IntArrayList ids = new IntArrayList();
        for (int i = 0; i < texts.length; i++) {
            texts[i] = lines.get(i).get("text").textValue();
            ids.clear();
            totalBytes += tokenizer.encode(texts[i], false, false, -1, null, ids);
        }
        System.out.println("EncodeBenchmark: " + texts.length + " texts, " + totalBytes + " UTF-8 bytes per op");
    }

    /** Bytes tokenized, reported by JMH per second (throughput), so bytes/s = MB/s * 1e6. */
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    @State(Scope.Thread)
    public static class Bytes {
        public long bytes;

        @Setup(Level.Iteration)
        public void reset() {
            bytes = 0;
        }
    }

    /** Per-thread output buffer, so the benchmark measures tokenizing, not list growth. */
    @State(Scope.Thread)
    public static class Output {
        final IntArrayList ids = new IntArrayList(1 << 16);
    }

    /** Deterministic (Viterbi) encoding of every text; returns the token count so nothing is dead code. */
    @Benchmark
    public long encode(Output out, Bytes counter) {
        long tokens = 0;
        for (String text : texts) {
            out.ids.clear();
            counter.bytes += tokenizer.encode(text, false, false, -1, null, out.ids);
            tokens += out.ids.size();
        }
        return tokens;
    }

    /** Viterbi sampling at alpha 0.1, each text with its own per-record random source. */
    @Benchmark
    public long sample(Output out, Bytes counter) {
        long tokens = 0;
        for (int i = 0; i < texts.length; i++) {
            out.ids.clear();
            counter.bytes += tokenizer.encode(texts[i], false, false, ALPHA, Seeds.forRecord(SEED, i), out.ids);
            tokens += out.ids.size();
        }
        return tokens;
    }
}
