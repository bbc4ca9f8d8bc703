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
     *             from without replacement ({@link PoolWindows})
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

    /** Augment's fixed real set: the first aN tokens of generation 0 in {@link SimulationSeeds#fixedRealKey} order. */
    static TokenCorpus fixedRealSet(TokenCorpus real, CollapseSettings settings) {
        return new RealPool(real, document -> SimulationSeeds.fixedRealKey(settings.seed(), document))
                .range(0, settings.realTokensPerGeneration());
    }

    private List<GenerationResult> runReplicate(TokenCorpus real, int replicate, GenerationObserver observer) {
        RealPool pool = settings.loop() == Loop.FRESH
                ? new RealPool(real, document -> SimulationSeeds.freshPoolKey(settings.seed(), replicate, document)) : null;
        PoolWindows windows = new PoolWindows(settings.tokensPerGeneration(), settings.realTokensPerGeneration());
        TokenCorpus generation0 = pool != null ? pool.range(windows.from(0), windows.to(0)) : real;
        TokenCorpus fixedReal = settings.loop() == Loop.AUGMENT ? fixedRealSet(real, settings) : null;
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
                case FRESH -> pool.range(windows.from(g), windows.to(g)).concat(synthetic);
                case ACCUMULATE -> current.concat(synthetic);
            };
            observer.generation(replicate, generation, current);
            results.add(new GenerationResult(replicate, generation, metrics.compute(current)));
        }
        return results;
    }
}
