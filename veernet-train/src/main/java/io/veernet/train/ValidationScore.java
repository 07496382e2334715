package io.veernet.train;

import io.veernet.data.metrics.SplitScorer;

/**
 * A model's validation figures for one epoch: background and curve IoU over the split, and each
 * curve's median R-squared on the 300-point grid. {@link #score()} ranks models and epochs.
 */
public record ValidationScore(double backgroundIou, double curve1Iou, double curve2Iou,
                              double curve1R2Median, double curve2R2Median) {

    public static ValidationScore of(SplitScorer s) {
        return new ValidationScore(s.overlap().iou(0), s.overlap().iou(1), s.overlap().iou(2),
                s.curves().summary(1).r2().median(), s.curves().summary(2).r2().median());
    }

    /** The mean of the two curves' median R-squared (an undefined median counts as 0). */
    public double score() {
        return (orZero(curve1R2Median) + orZero(curve2R2Median)) / 2;
    }

    private static double orZero(double v) {
        return Double.isNaN(v) ? 0 : v;
    }
}
