package dev.piecemill.jobs.train;

import java.util.List;
import java.util.Map;

/** What the train job did; printed and saved as OUTPUT/summary.json. */
public record TrainSummary(
        int order,
        List<Integer> vocabSizes,
        int maxPieceLength,
        int minCount,
        boolean isolateDigits,
        boolean ensureUnicode,
        int inputFiles,
        long recordsRead,
        long documents,
        long quarantined,
        long bytes,
        long ngramsCounted,
        long ngramsKept,
        long piecesCounted,
        Map<Integer, Integer> piecesPerSize,
        Map<String, Double> secondsPerStage,
        double seconds) {
    public String describe() {
        return String.format(
                "train: %,d records read: %,d documents (%,d bytes), %,d quarantined; %,d distinct "
                        + "n-grams, %,d in the model; %,d distinct pieces; pieces per vocabulary size %s; %.1f s",
                recordsRead,
                documents,
                bytes,
                quarantined,
                ngramsCounted,
                ngramsKept,
                piecesCounted,
                piecesPerSize,
                seconds);
    }
}
