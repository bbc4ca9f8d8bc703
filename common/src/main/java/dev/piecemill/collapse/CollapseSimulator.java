package dev.piecemill.collapse;

import dev.piecemill.lm.TokenCorpus;
import dev.piecemill.metrics.CorpusMetricsCalculator;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Runs R replicates of G generations of a self-consuming loop in memory and measures every
 * generation's corpus, the corpus the next model trains on, against generation 0 (for
 * ACCUMULATE the whole accumulated corpus). Replicates run in parallel; each random choice comes
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
     * @param real generation 0 for FULLY_SYNTHETIC, AUGMENT and ACCUMULATE; for FRESH the pool
     *             that generation 0 (N tokens) and each generation's aN fresh tokens are drawn
     *             from without replacement
     */
    public List<GenerationResult> run(TokenCorpus real) {
        return run(real, (replicate, generation, corpus) -> { });
    }

    public List<GenerationResult> run(TokenCorpus real, GenerationObserver observer) {
        return IntStream.range(0, settings.replicates()).parallel()
                .mapToObj(replicate -> runReplicate(real, replicate, observer))
                .flatMap(List::stream)
                .sorted(Comparator.comparingInt(GenerationResult::replicate)
                        .thenComparingInt(GenerationResult::generation))
                .collect(Collectors.toList());
    }

    private List<GenerationResult> runReplicate(TokenCorpus real, int replicate, GenerationObserver observer) {
        RealPool pool = settings.loop() == Loop.FRESH
                ? new RealPool(real, SimulationSeeds.pool(settings.seed(), replicate)) : null;
        TokenCorpus generation0 = pool != null ? pool.take(settings.tokensPerGeneration()) : real;
        TokenCorpus fixedReal = settings.loop() == Loop.AUGMENT ? generation0.prefix(settings.realTokensPerGeneration()) : null;
        CorpusMetricsCalculator metrics = new CorpusMetricsCalculator(generation0, settings.overlapN());

        List<GenerationResult> results = new ArrayList<>(settings.generations() + 1);
        TokenCorpus current = generation0;
        observer.generation(replicate, 0, current);
        results.add(new GenerationResult(replicate, 0, metrics.compute(current)));
        for (int generation = 1; generation <= settings.generations(); generation++) {
            int g = generation;
            TokenCorpus synthetic = step.next(current, settings.syntheticTokensPerGeneration(),
                    document -> SimulationSeeds.document(settings.seed(), replicate, g, document));
            current = switch (settings.loop()) {
                case FULLY_SYNTHETIC -> synthetic;
                case AUGMENT -> fixedReal.concat(synthetic);
                case FRESH -> pool.take(settings.realTokensPerGeneration()).concat(synthetic);
                case ACCUMULATE -> current.concat(synthetic);
            };
            observer.generation(replicate, generation, current);
            results.add(new GenerationResult(replicate, generation, metrics.compute(current)));
        }
        return results;
    }
}
