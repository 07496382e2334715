package io.veernet.train;

import io.veernet.data.metrics.CurveScore;
import io.veernet.data.metrics.SplitScorer;
import io.veernet.data.metrics.Summary;

/**
 * A model's validation figures for one epoch: background and curve IoU over the split, and each
 * curve's median R-squared on the 300-point grid (a curve missed in an image counts as -1 there,
 * so a model that finds a curve badly never ranks below one that does not find it at all).
 * {@link #score()} ranks models, epochs and soup ingredients.
 */
public record ValidationScore(double backgroundIou, double curve1Iou, double curve2Iou,
                              double curve1R2Median, double curve2R2Median) {

    /** The split's figures; a curve missed in an image counts as R-squared -1 there (see {@link CurveScore#r2ForRanking}). */
    public static ValidationScore of(SplitScorer s) {
        return new ValidationScore(s.overlap().iou(0), s.overlap().iou(1), s.overlap().iou(2),
                rankingMedian(s, 1), rankingMedian(s, 2));
    }

    private static double rankingMedian(SplitScorer s, int classId) {
        double[] v = s.curves().scores(classId).stream().mapToDouble(CurveScore::r2ForRanking).toArray();
        return Summary.of(v, Summary.Better.HIGHER).median();
    }

    /** The mean of the two curves' median R-squared; a curve with no defined median counts as missed (-1). */
    public double score() {
        return (orMissed(curve1R2Median) + orMissed(curve2R2Median)) / 2;
    }

    private static double orMissed(double v) {
        return Double.isNaN(v) ? CurveScore.MISSED : v;
    }
}
