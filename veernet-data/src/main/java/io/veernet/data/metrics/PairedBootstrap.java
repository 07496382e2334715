package io.veernet.data.metrics;

import org.apache.commons.math3.stat.descriptive.rank.Percentile;

import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

/**
 * A paired bootstrap over images: the same resampled image sets score both models, so the
 * interval is that of their difference (image-to-image noise shared by both cancels). Percentile
 * intervals, a fixed seed, so a report is reproducible.
 */
public final class PairedBootstrap {

    /** The report's settings: 2,000 resamples, seed 2026. */
    public static final PairedBootstrap DEFAULT = new PairedBootstrap(2000, 2026);

    private final int resamples;
    private final long seed;

    public PairedBootstrap(int resamples, long seed) {
        if (resamples < 100) {
            throw new IllegalArgumentException("a bootstrap needs at least 100 resamples, got " + resamples);
        }
        this.resamples = resamples;
        this.seed = seed;
    }

    /**
     * A 95% interval of a statistic of {@code n} images.
     *
     * @param n         images
     * @param statistic the difference of interest on a resample, given as image indices (with repeats)
     * @return {@code [low, high]}; NaN bounds when the statistic is undefined on too many resamples
     */
    public Interval interval(int n, ToDoubleFunction<int[]> statistic) {
        if (n < 2) {
            return new Interval(Double.NaN, Double.NaN);
        }
        SplittableRandom rng = new SplittableRandom(seed);
        double[] values = new double[resamples];
        int defined = 0;
        int[] idx = new int[n];
        for (int b = 0; b < resamples; b++) {
            for (int i = 0; i < n; i++) {
                idx[i] = rng.nextInt(n);
            }
            double v = statistic.applyAsDouble(idx);
            if (!Double.isNaN(v)) {
                values[defined++] = v;
            }
        }
        if (defined < resamples * 0.9) {
            return new Interval(Double.NaN, Double.NaN);
        }
        double[] v = java.util.Arrays.copyOf(values, defined);
        java.util.Arrays.sort(v);
        Percentile p = new Percentile().withEstimationType(Percentile.EstimationType.R_7);
        p.setData(v);
        return new Interval(p.evaluate(2.5), p.evaluate(97.5));
    }

    /** A 95% interval; {@link #excludesZero()} marks a difference larger than image-to-image noise. */
    public record Interval(double low, double high) {
        public boolean excludesZero() {
            return low > 0 || high < 0;
        }
    }
}
