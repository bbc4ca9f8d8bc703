package dev.piecemill.collapse;

import dev.piecemill.lm.TokenCorpus;
import dev.piecemill.metrics.CorpusMetricsCalculator;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.LongUnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Runs R replicates of G generations of a self-consuming loop in memory and measures every
 * generation's corpus, the corpus the next model trains on (for ACCUMULATE the whole
 * accumulated corpus), against the real reference ({@link Generation0}). Replicates run in parallel; each random choice comes
 * from {@link SimulationSeeds}, so results do not depend on threads.
 */
public final class CollapseSimulator {
    /** Sees each generation's corpus; called from several threads at once. */
    @FunctionalInterface
    public interface GenerationObserver {
        void generation(int replicate, int generation, TokenCorpus corpus);
    }

    private final CollapseSettings settings;
    private final GenerationStep step;

    public CollapseSimulator(CollapseSettings settings) {
        this.settings = settings;
        this.step = GenerationStep.of(settings);
    }

    /**
     * Results for generations 0..G of every replicate, ordered by replicate then generation.
     *
     * @param real the real corpus: the pool that the reference, generation 0 (N tokens each) and
     *             FRESH's aN tokens a generation are drawn from without replacement
     *             ({@link PoolWindows}); with {@link Generation0#CORPUS}, generation 0 itself
     *             (for FRESH still the pool)
     */
    public List<GenerationResult> run(TokenCorpus real) {
        return run(real, (replicate, generation, corpus) -> {});
    }

    public List<GenerationResult> run(TokenCorpus real, GenerationObserver observer) {
        return run(real, document -> document, observer);
    }

    /**
     * @param documentKey the identity of the document at each position of {@code real}, which
     *                    orders the real pools ({@link SimulationSeeds}): its position by default;
     *                    the distributed job keys documents by a hash of their id
     */
    public List<GenerationResult> run(TokenCorpus real, LongUnaryOperator documentKey, GenerationObserver observer) {
        return IntStream.range(0, settings.recursion().replicates())
                .parallel()
                .mapToObj(replicate ->
                        runReplicate(RealSplit.of(real, documentKey, settings, replicate), replicate, observer))
                .flatMap(List::stream)
                .sorted(Comparator.comparingInt(GenerationResult::replicate)
                        .thenComparingInt(GenerationResult::generation))
                .collect(Collectors.toList());
    }

    private List<GenerationResult> runReplicate(RealSplit real, int replicate, GenerationObserver observer) {
        CorpusMetricsCalculator metrics = new CorpusMetricsCalculator(real.reference(), settings.overlapN());
        List<GenerationResult> results = new ArrayList<>(settings.recursion().generations() + 1);
        TokenCorpus current = real.generation0();
        observer.generation(replicate, 0, current);
        results.add(new GenerationResult(replicate, 0, metrics.compute(current)));
        for (int generation = 1; generation <= settings.recursion().generations(); generation++) {
            int g = generation;
            TokenCorpus synthetic = step.next(
                    current,
                    settings.syntheticTokensPerGeneration(),
                    document -> SimulationSeeds.document(settings.recursion().seed(), replicate, g, document));
            current = switch (settings.recursion().loop()) {
                case FULLY_SYNTHETIC -> synthetic;
                case AUGMENT -> real.fixedReal().concat(synthetic);
                case FRESH -> real.fresh(g).concat(synthetic);
                case ACCUMULATE -> current.concat(synthetic);
            };
            observer.generation(replicate, generation, current);
            results.add(new GenerationResult(replicate, generation, metrics.compute(current)));
        }
        return results;
    }
}
