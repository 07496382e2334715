package io.veernet.data.metrics;

/**
 * How closely one extracted curve follows its truth in one image (see docs/METRICS.md).
 *
 * <p>Position errors are given in normalised units (fractions of the track height) and in pixels.
 * A field is NaN where it is undefined: R^2 when the truth is flat, everything but coverage when
 * the curve was never observed, everything when the truth is absent from the image.
 *
 * @param classId    the curve's mask class (1 or 2)
 * @param r2         R^2 on the resampling grid, values normalised by the track height
 * @param nativeR2   R^2 over the columns where the truth is defined, at the extracted rows
 * @param mae        mean absolute error on the grid, normalised units
 * @param rmse       root-mean-square error on the grid, normalised units
 * @param maePixels  {@code mae} in pixels
 * @param rmsePixels {@code rmse} in pixels
 * @param coverage   share of truth-defined columns where the curve was observed (not gap-filled)
 * @param spikes     spikes in the extracted curve ({@link Spikes}); NaN when the truth is absent
 * @param valueMae   on a wrapped log (a truth value beyond the scale), the mean absolute error of the
 *                   unwrapped value over the truth-defined columns, in scale spans; NaN otherwise
 */
public record CurveScore(int classId, double r2, double nativeR2, double mae, double rmse,
                         double maePixels, double rmsePixels, double coverage, double spikes, double valueMae) {

    /** The R-squared a missed curve is ranked with: worse than a flat line at the truth's mean (0). */
    public static final double MISSED = -1;

    /**
     * R-squared for ranking models and images: {@link #MISSED} when the curve is in the image but
     * the model never found it (coverage 0), NaN when the curve is not in the image, else {@link #r2}.
     */
    public double r2ForRanking() {
        return coverage == 0 ? MISSED : r2;
    }
}
