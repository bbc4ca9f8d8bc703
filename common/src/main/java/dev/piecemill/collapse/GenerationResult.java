package dev.piecemill.collapse;

import dev.piecemill.metrics.CorpusMetrics;

/** The metrics of generation {@code generation}'s training corpus in replicate {@code replicate}. */
public record GenerationResult(int replicate, int generation, CorpusMetrics metrics) {}
