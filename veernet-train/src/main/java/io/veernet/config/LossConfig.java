package io.veernet.config;

import java.util.List;

/**
 * Weights of the loss terms (0 switches a term off) and their settings.
 *
 * @param ce            cross-entropy weight
 * @param classWeights  cross-entropy (and focal) class weights: background, curve 1, curve 2
 * @param dice          soft Dice weight (mean over the curve classes)
 * @param tversky       Tversky weight (mean over the curve classes)
 * @param tverskyAlpha  Tversky's false-positive weight
 * @param tverskyBeta   Tversky's false-negative weight (above alpha favours recall of thin strokes)
 * @param focal         focal-loss weight
 * @param focalGamma    focal-loss focusing exponent
 * @param lovasz        Lovasz-softmax weight (classes present in the image)
 */
public record LossConfig(double ce, List<Double> classWeights, double dice, double tversky, double tverskyAlpha,
                         double tverskyBeta, double focal, double focalGamma, double lovasz) {

    public LossConfig {
        classWeights = List.copyOf(classWeights);
        for (String[] kv : new String[][] {{"ce", "" + ce}, {"dice", "" + dice}, {"tversky", "" + tversky},
                {"focal", "" + focal}, {"lovasz", "" + lovasz}}) {
            if (!(Double.parseDouble(kv[1]) >= 0)) {
                throw new IllegalArgumentException(kv[0] + " weight must be >= 0, got " + kv[1]);
            }
        }
        if (ce + dice + tversky + focal + lovasz <= 0) {
            throw new IllegalArgumentException("ce, dice, tversky, focal and lovasz weights are all 0: nothing to train on");
        }
        if (classWeights.size() != 3 || classWeights.stream().anyMatch(w -> !(w > 0))) {
            throw new IllegalArgumentException("class_weights must be three positive numbers (background, curve 1, curve 2), got " + classWeights);
        }
        if (!(tverskyAlpha >= 0 && tverskyBeta >= 0 && tverskyAlpha + tverskyBeta > 0)) {
            throw new IllegalArgumentException("tversky_alpha and tversky_beta must be >= 0 and not both 0");
        }
        if (!(focalGamma >= 0)) {
            throw new IllegalArgumentException("focal_gamma must be >= 0, got " + focalGamma);
        }
    }

    /** Cross-entropy + Tversky, the default. */
    public static LossConfig defaults() {
        return new LossConfig(1, List.of(1.0, 2.0, 2.0), 0, 1, 0.3, 0.7, 0, 2, 0);
    }
}
