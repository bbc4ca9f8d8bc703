package dev.piecemill.bench;

import dev.piecemill.lm.LogLoss;
import dev.piecemill.lm.NgramLanguageModel;
import dev.piecemill.lm.Smoothing;
import dev.piecemill.lm.TestCorpora;
import dev.piecemill.metrics.PackedNgramCounters;
import dev.piecemill.metrics.PackedNgramTable;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Speed of the collapse job's measuring kernels alone, on the golden Europarl paragraphs under
 * plus.40k: {@code count} counts every 1..4-gram inside the documents into packed tables (what a
 * task of the corpus statistics does before its shuffle), {@code score} sums their loss under a
 * token trigram Kneser-Ney model trained on the other paragraphs (the sample perplexity under the
 * reference). One operation covers every document once; the {@code :tokens} counter reports
 * tokens per second, per thread with {@code -t 1}.
 *
 * <p>Run with {@code scripts/bench-jmh MeasureBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class MeasureBenchmark {
    private List<int[]> measured;
    private long measuredTokens;
    private NgramLanguageModel reference;

    @Setup(Level.Trial)
    public void load() {
        List<int[]> documents = TestCorpora.europarlParagraphs(5000);
        int half = documents.size() / 2;
        reference = NgramLanguageModel.train(documents.subList(0, half), 3, Smoothing.kneserNey());
        measured = documents.subList(half, documents.size());
        measuredTokens = measured.stream().mapToLong(d -> d.length).sum();
        System.out.printf(
                "MeasureBenchmark: %d documents, %d tokens measured; reference trigram model %.1f MB%n",
                measured.size(), measuredTokens, reference.memoryBytes() / 1e6);
    }

    @Benchmark
    public long count(TokenCounter counter) {
        PackedNgramCounters counters = new PackedNgramCounters();
        measured.forEach(counters::addWithin);
        long distinct = 0;
        for (PackedNgramTable table : counters.tables()) {
            distinct += table.distinct();
        }
        counter.tokens += measuredTokens;
        return distinct;
    }

    @Benchmark
    public LogLoss score(TokenCounter counter) {
        LogLoss loss = LogLoss.ZERO;
        for (int[] document : measured) {
            loss = loss.plus(LogLoss.of(reference, document));
        }
        counter.tokens += measuredTokens;
        return loss;
    }
}
