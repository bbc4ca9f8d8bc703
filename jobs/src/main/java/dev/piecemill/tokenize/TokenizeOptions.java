package dev.piecemill.tokenize;

import dev.piecemill.io.CorpusOptions;

/**
 * Options of the tokenize job.
 *
 * @param alpha           below 0 the most probable segmentation; from 0 a sampled one
 * @param seed            with alpha >= 0, a document's choices depend on (seed, document id) only
 * @param skipBadRecords  set bad records aside in OUTPUT/_quarantine instead of stopping
 */
public record TokenizeOptions(String model, CorpusOptions corpus, String output, double alpha, long seed,
                              boolean addBos, boolean addEos, boolean skipBadRecords, boolean overwrite)
        implements java.io.Serializable {
}
