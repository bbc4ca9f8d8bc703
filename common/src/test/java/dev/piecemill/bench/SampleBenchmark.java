package dev.piecemill.bench;

import dev.piecemill.collapse.SimulationSeeds;
import dev.piecemill.lm.DocumentSampler;
import dev.piecemill.lm.NgramLanguageModel;
import dev.piecemill.lm.SamplingBias;
import dev.piecemill.lm.Smoothing;
import dev.piecemill.lm.TestCorpora;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Sampling speed of the collapse job's kernel alone: documents drawn from a token trigram model
 * (interpolated Kneser-Ney) trained on the golden Europarl paragraphs under plus.40k, as the
 * executors draw them (one random source per document). One operation samples 100 documents;
 * the {@code :tokens} counter reports sampled tokens per second (EOS not counted), per thread
 * with {@code -t 1}.
 *
 * <p>Run with {@code scripts/bench-jmh SampleBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SampleBenchmark {
    private static final int DOCUMENTS = 100;

    /** none: unbiased; t0.7 and t1.5: temperatures; k50: top-k 50; p0.9: top-p 0.9. */
    @Param({"none", "t0.7", "t1.5", "k50", "p0.9"})
    public String bias;

    private DocumentSampler sampler;
    private long next;

    @Setup(Level.Trial)
    public void train() {
        List<int[]> documents = TestCorpora.europarlParagraphs(5000);
        NgramLanguageModel model = NgramLanguageModel.train(documents, 3, Smoothing.kneserNey());
        SamplingBias b = switch (bias) {
            case "t0.7" -> SamplingBias.temperature(0.7);
            case "t1.5" -> SamplingBias.temperature(1.5);
            case "k50" -> SamplingBias.topK(50);
            case "p0.9" -> SamplingBias.topP(0.9);
            default -> SamplingBias.NONE;
        };
        sampler = new DocumentSampler(model, b, 2048);
        System.out.printf(
                "SampleBenchmark: trigram model of %d documents, %d types, %d contexts, %.1f MB%n",
                documents.size(), model.supportSize(), model.contextCount(), model.memoryBytes() / 1e6);
    }

    @Benchmark
    public long sample(TokenCounter counter) {
        long tokens = 0;
        for (int i = 0; i < DOCUMENTS; i++) {
            tokens += sampler.sampleDocument(SimulationSeeds.document(1, 0, 1, next++)).length;
        }
        counter.tokens += tokens;
        return tokens;
    }
}
