package io.veernet.data.metrics;

import org.apache.commons.math3.distribution.NormalDistribution;

import java.util.Arrays;

/**
 * Whether a model's per-column spread means anything (docs/METRICS.md, "Uncertainty"): for each
 * curve, the pairs (error = predicted row - true row, sd = the spread of the samples' rows) over
 * the native columns, and from them the share of truth points inside the Gaussian 68% and 95%
 * intervals, the mean negative log-likelihood, the RMS z-score and a reliability curve. The sd
 * used is {@code sqrt((scale sd)^2 + floor^2)}: {@code floor} (px) stands for the extraction's own
 * quantisation, which no spread across samples can show; {@code scale} is the calibration, chosen
 * per curve on a validation split by {@link #bestCoverageCalibration}, and the intervals' half-widths
 * (Gaussian, or the validation split's own by {@link #empiricalHalfWidths}).
 */
public final class SpreadCoverage {

    /** The nominal central-interval levels of the reliability curve. */
    public static final double[] LEVELS = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.68, 0.7, 0.8, 0.9, 0.95, 0.99};

    private static final NormalDistribution NORMAL = new NormalDistribution(null, 0, 1);

    private final double[][] errors = new double[2][];
    private final double[][] sds = new double[2][];
    private final int[] sizes = new int[2];

    public SpreadCoverage() {
        for (int k = 0; k < 2; k++) {
            errors[k] = new double[1024];
            sds[k] = new double[1024];
        }
    }

    /** One column of curve {@code classId} (1 or 2): its error and its spread, both in pixels. */
    public void add(int classId, double error, double sd) {
        if (Double.isNaN(error) || Double.isNaN(sd)) {
            return;
        }
        int k = classId - 1;
        if (sizes[k] == errors[k].length) {
            errors[k] = Arrays.copyOf(errors[k], 2 * sizes[k]);
            sds[k] = Arrays.copyOf(sds[k], 2 * sizes[k]);
        }
        errors[k][sizes[k]] = error;
        sds[k][sizes[k]] = sd;
        sizes[k]++;
    }

    /** All of {@code other}'s pairs added to this one. */
    public void addAll(SpreadCoverage other) {
        for (int k = 0; k < 2; k++) {
            for (int i = 0; i < other.sizes[k]; i++) {
                add(k + 1, other.errors[k][i], other.sds[k][i]);
            }
        }
    }

    public int points(int classId) {
        return sizes[classId - 1];
    }

    /**
     * One curve's figures at a calibration.
     *
     * @param points      columns counted
     * @param coverage68  share of truth points within 1 sd of the prediction
     * @param coverage95  share within 1.96 sd
     * @param nll         mean Gaussian negative log-likelihood per point (nats, errors in px)
     * @param zRms        root mean square of error / sd (1 when calibrated)
     * @param medianSd    median sd used, px
     * @param observed    per {@link #LEVELS} entry, the share of truth points inside that central interval
     */
    public record Summary(int points, double coverage68, double coverage95, double nll, double zRms, double medianSd,
                          double[] observed) {
    }

    /** Per {@link #LEVELS} entry, the Gaussian central interval's half-width in sd (1.0 at 68%, 1.96 at 95%). */
    public static double[] gaussianHalfWidths() {
        double[] half = new double[LEVELS.length];
        for (int l = 0; l < LEVELS.length; l++) {
            half[l] = LEVELS[l] == 0.68 ? 1 : LEVELS[l] == 0.95 ? 1.959964 : NORMAL.inverseCumulativeProbability(0.5 + LEVELS[l] / 2);
        }
        return half;
    }

    /** Index of {@code level} in {@link #LEVELS}. */
    public static int levelIndex(double level) {
        for (int l = 0; l < LEVELS.length; l++) {
            if (LEVELS[l] == level) {
                return l;
            }
        }
        throw new IllegalArgumentException("no level " + level + " in " + Arrays.toString(LEVELS));
    }

    /**
     * Per {@link #LEVELS} entry, the smallest half-width (in calibrated sd) whose central interval
     * holds at least that share of these points: the level's quantile of {@code |error| / sd}. Chosen
     * on a validation split, these replace the Gaussian 1 and 1.96, so the intervals take the
     * errors' real, heavy-tailed shape (recalibrated regression, Kuleshov et al. 2018) while the sd
     * itself stays the least-squares one. Gaussian half-widths when there are no points.
     */
    public double[] empiricalHalfWidths(int classId, double scale, double floor) {
        int k = classId - 1;
        int n = sizes[k];
        if (n == 0) {
            return gaussianHalfWidths();
        }
        double[] z = new double[n];
        for (int i = 0; i < n; i++) {
            z[i] = Math.abs(errors[k][i]) / sd(sds[k][i], scale, floor);
        }
        Arrays.sort(z);
        double[] half = new double[LEVELS.length];
        for (int l = 0; l < LEVELS.length; l++) {
            half[l] = z[Math.max(0, (int) Math.ceil(LEVELS[l] * n - 1e-9) - 1)];
        }
        return half;
    }

    /** Curve {@code classId}'s figures with the spread times {@code scale} and the floor added in quadrature. */
    public Summary summary(int classId, double scale, double floor) {
        return summary(classId, scale, floor, gaussianHalfWidths());
    }

    /** As above, each level's interval {@code +-half[l]} sd wide ({@link #LEVELS} order). */
    public Summary summary(int classId, double scale, double floor, double[] half) {
        int k = classId - 1;
        int n = sizes[k];
        if (n == 0) {
            return new Summary(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, new double[LEVELS.length]);
        }
        double half68 = half[levelIndex(0.68)];
        double half95 = half[levelIndex(0.95)];
        int[] inside = new int[LEVELS.length];
        int in68 = 0;
        int in95 = 0;
        double nll = 0;
        double z2 = 0;
        double[] used = new double[n];
        for (int i = 0; i < n; i++) {
            double sd = sd(sds[k][i], scale, floor);
            used[i] = sd;
            double z = Math.abs(errors[k][i]) / sd;
            in68 += z <= half68 ? 1 : 0;
            in95 += z <= half95 ? 1 : 0;
            for (int l = 0; l < LEVELS.length; l++) {
                inside[l] += z <= half[l] ? 1 : 0;
            }
            nll += 0.5 * Math.log(2 * Math.PI * sd * sd) + 0.5 * z * z;
            z2 += z * z;
        }
        double[] observed = new double[LEVELS.length];
        for (int l = 0; l < LEVELS.length; l++) {
            observed[l] = (double) inside[l] / n;
        }
        Arrays.sort(used);
        return new Summary(n, (double) in68 / n, (double) in95 / n, nll / n, Math.sqrt(z2 / n), used[n / 2], observed);
    }

    /** The nominal levels the coverage calibration matches: the 1-sd and 1.96-sd intervals a user reads. */
    private static final double[] TARGETS = {0.68, 0.95};

    /**
     * Curve {@code classId}'s calibration {@code {scale, floor}}: the pair (scale on a log grid
     * 0.05-50, floor on a log grid 0.05-5 px) whose 1-sd and 1.96-sd intervals cover the truth
     * closest to 68% and 95% (least squares). Errors here are heavy-tailed (most columns
     * within a pixel, a few spikes far off), so the NLL-optimal single scale over-covers the middle;
     * matching coverage is what a user reading the intervals needs.
     */
    public double[] bestCoverageCalibration(int classId) {
        double[] best = {1, 0.5};
        double bestErr = Double.POSITIVE_INFINITY;
        int[] idx = new int[TARGETS.length];
        for (int t = 0; t < TARGETS.length; t++) {
            idx[t] = levelIndex(TARGETS[t]);
        }
        for (int i = 0; i <= 60; i++) {
            double scale = 0.05 * Math.pow(1000, i / 60.0);
            for (int j = 0; j <= 30; j++) {
                double floor = 0.05 * Math.pow(100, j / 30.0);
                Summary s = summary(classId, scale, floor);
                if (s.points() == 0) {
                    return best;
                }
                double err = 0;
                for (int t = 0; t < TARGETS.length; t++) {
                    double d = s.observed()[idx[t]] - TARGETS[t];
                    err += d * d;
                }
                if (err < bestErr) {
                    bestErr = err;
                    best = new double[] {scale, floor};
                }
            }
        }
        return best;
    }

    private static double sd(double spread, double scale, double floor) {
        double s = spread * scale;
        return Math.max(1e-9, Math.sqrt(s * s + floor * floor));
    }
}
