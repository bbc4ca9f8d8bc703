package dev.piecemill.jobs.collapse;

/**
 * What one generation did, saved as {@code gen=G/generation.json}: its sizes, its models' memory
 * and its time. Generation 0 also carries the input's record counts and the resolved budget.
 *
 * @param unitsPerGeneration the budget N in {@code unit}s (resolved when the user gave none)
 * @param realUnits          real units in each replicate's new documents
 * @param syntheticUnits     sampled units in each replicate's new documents
 * @param meanDocumentTokens mean tokens of a training document, over replicates (sizes the next sampling)
 * @param modelBytes         heap bytes of the generation's language models together (broadcast to every executor)
 */
record GenerationRecord(
        int generation,
        String unit,
        long unitsPerGeneration,
        long realUnits,
        long syntheticUnits,
        long trainingDocuments,
        long trainingTokens,
        double meanDocumentTokens,
        long distinctNgrams,
        long modelBytes,
        Long recordsRead,
        Long quarantined,
        Long heldoutDocuments,
        java.util.Map<String, Double> secondsPerStage,
        double seconds) {

    String describe() {
        return String.format(
                "generation %d: %,d documents, %,d tokens in training (over all replicates); models %.1f MB;"
                        + " %.1f s",
                generation, trainingDocuments, trainingTokens, modelBytes / 1e6, seconds);
    }
}
