package dev.piecemill.jobs.train;

import java.util.List;
import java.util.Map;

/** What the unigram train job did; printed and saved as OUTPUT/summary.json. */
public record UnigramTrainSummary(
        String algorithm,
        List<Integer> vocabSizes,
        int maxPieceLength,
        int maxWords,
        int seedSize,
        double shrinkingFactor,
        int emIterations,
        int whitespaceRuns,
        double validationFraction,
        int inputFiles,
        long recordsRead,
        long documents,
        long quarantined,
        long chunks,
        long trainingBytes,
        long validationBytes,
        long seedCandidates,
        int seedBuckets,
        List<SizeResult> models,
        List<RoundRecord> rounds,
        Map<String, Double> secondsPerStage,
        double seconds) {
    /** A trained vocabulary and its own Viterbi usage of the training text. */
    public record SizeResult(
            int vocabSize,
            int pieces,
            long tokens,
            double bytesPerToken,
            Double validationBytesPerToken,
            String file) {}

    /**
     * One pass: an EM iteration ("em", "final": after the cut to the exact size) or the
     * finished model's own Viterbi usage ("usage", no log-likelihood). Absent figures are null.
     */
    public record RoundRecord(
            int target,
            String stage,
            int pieces,
            Double logLikelihood,
            Double validationBytesPerToken,
            double seconds) {}

    static UnigramTrainSummary of(
            UnigramTrainOptions options,
            int inputFiles,
            ReadCounts read,
            long trainingBytes,
            long validationBytes,
            long seedCandidates,
            int seedBuckets,
            List<SizeResult> models,
            List<RoundRecord> rounds,
            Map<String, Double> secondsPerStage,
            double seconds) {
        var t = options.trainer();
        return new UnigramTrainSummary(
                "unigram",
                java.util.Arrays.stream(t.vocabSizes()).boxed().toList(),
                t.rules().maxPieceBytes(),
                t.rules().maxWords(),
                t.seedSize(),
                t.shrinkingFactor(),
                t.emIterations(),
                t.whitespaceRuns(),
                options.validationFraction(),
                inputFiles,
                read.records().read(),
                read.records().documents(),
                read.records().quarantined(),
                read.chunks(),
                trainingBytes,
                validationBytes,
                seedCandidates,
                seedBuckets,
                models,
                rounds,
                secondsPerStage,
                seconds);
    }

    public String describe() {
        StringBuilder sb = new StringBuilder(String.format(
                "train: %,d records read: %,d documents (%,d bytes to "
                        + "train on, %,d held out), %,d quarantined; %,d seed candidates from %d buckets; %d passes; %.1f s",
                recordsRead,
                documents,
                trainingBytes,
                validationBytes,
                quarantined,
                seedCandidates,
                seedBuckets,
                rounds.size(),
                seconds));
        for (SizeResult m : models) {
            sb.append(String.format(
                    "%n  vocabulary %,d: %,d pieces, %.3f bytes/token on the training text%s",
                    m.vocabSize(),
                    m.pieces(),
                    m.bytesPerToken(),
                    m.validationBytesPerToken() == null
                            ? ""
                            : String.format(", %.3f held out", m.validationBytesPerToken())));
        }
        return sb.toString();
    }
}
