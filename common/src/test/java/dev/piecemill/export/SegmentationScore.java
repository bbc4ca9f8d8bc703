package dev.piecemill.export;

import dev.piecemill.piece.PieceModel;

/** What our model says of a segmentation: its log-probability, summed as our Viterbi sums it. */
final class SegmentationScore {
    private final double[] scores;

    SegmentationScore(PieceModel model) {
        this.scores = model.logProbabilities();
    }

    /** Sum of ln p over the ids, in double, left to right. */
    double of(int[] ids) {
        double sum = 0;
        for (int id : ids) {
            sum += scores[id - PieceModel.FIRST_PIECE_ID];
        }
        return sum;
    }

    /** The same sum over the scores rounded to float, in float: what SentencePiece compares. */
    float inFloat(int[] ids) {
        float sum = 0;
        for (int id : ids) {
            sum += (float) scores[id - PieceModel.FIRST_PIECE_ID];
        }
        return sum;
    }
}
