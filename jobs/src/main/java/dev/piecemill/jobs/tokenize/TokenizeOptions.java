package dev.piecemill.jobs.tokenize;

import dev.piecemill.jobs.io.CorpusOptions;

/**
 * Options of the tokenize job.
 *
 * @param alpha           below 0 the most probable segmentation; from 0 a sampled one
 * @param seed            with alpha >= 0, a document's choices depend on (seed, document id) only
 * @param skipBadRecords  set bad records aside in OUTPUT/_quarantine instead of stopping
 * @param pack            also pack the documents into training rows in OUTPUT/packed; null for none
 */
public record TokenizeOptions(
        String model,
        CorpusOptions corpus,
        String output,
        double alpha,
        long seed,
        boolean addBos,
        boolean addEos,
        boolean skipBadRecords,
        boolean overwrite,
        PackOptions pack)
        implements java.io.Serializable {
    /** Without packing. */
    public TokenizeOptions(
            String model,
            CorpusOptions corpus,
            String output,
            double alpha,
            long seed,
            boolean addBos,
            boolean addEos,
            boolean skipBadRecords,
            boolean overwrite) {
        this(model, corpus, output, alpha, seed, addBos, addEos, skipBadRecords, overwrite, null);
    }
}
