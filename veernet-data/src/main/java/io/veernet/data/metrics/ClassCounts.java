package io.veernet.data.metrics;

/**
 * Pixel counts of one class over a set of images, and the overlap scores they give.
 *
 * @param truePositives  pixels predicted as the class that truly are
 * @param falsePositives pixels predicted as the class that are not
 * @param falseNegatives pixels of the class predicted as another
 */
public record ClassCounts(long truePositives, long falsePositives, long falseNegatives) {

    /** Intersection over union, TP / (TP + FP + FN); NaN when the class is absent from truth and prediction. */
    public double iou() {
        long union = truePositives + falsePositives + falseNegatives;
        return union == 0 ? Double.NaN : (double) truePositives / union;
    }

    /** F1 (Dice), 2TP / (2TP + FP + FN); NaN when the class is absent from truth and prediction. */
    public double f1() {
        long denominator = 2 * truePositives + falsePositives + falseNegatives;
        return denominator == 0 ? Double.NaN : 2.0 * truePositives / denominator;
    }
}
