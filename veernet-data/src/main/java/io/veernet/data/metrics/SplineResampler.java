package io.veernet.data.metrics;

import java.util.Arrays;

import org.apache.commons.math3.analysis.UnivariateFunction;
import org.apache.commons.math3.analysis.interpolation.LinearInterpolator;
import org.apache.commons.math3.analysis.interpolation.SplineInterpolator;

/**
 * Resamples per-column curve samples onto a common depth grid with a natural cubic spline, so a
 * prediction and its truth are compared at the same depths whatever their gaps.
 *
 * <p>Samples are indexed by column; NaN marks a column without a value. The spline passes through
 * every defined sample. With two defined samples it is the straight line through them, with one a
 * constant, with none every resampled value is NaN. Outside the first..last defined column the
 * value is held at the nearest end sample rather than extrapolated.
 */
public final class SplineResampler {

    /** Grid size of the per-curve R^2 (DESIGN.md). */
    public static final int DEFAULT_POINTS = 300;

    private SplineResampler() {
    }

    /**
     * A grid of {@code points} columns evenly spaced from the first to the last defined sample of
     * {@code reference}, both included; empty if no sample is defined.
     */
    public static double[] grid(double[] reference, int points) {
        if (points < 2) {
            throw new IllegalArgumentException("a grid needs at least 2 points, got " + points);
        }
        int first = 0;
        while (first < reference.length && Double.isNaN(reference[first])) {
            first++;
        }
        if (first == reference.length) {
            return new double[0];
        }
        int last = reference.length - 1;
        while (Double.isNaN(reference[last])) {
            last--;
        }
        double[] grid = new double[points];
        double spacing = (double) (last - first) / (points - 1);
        for (int i = 0; i < points; i++) {
            grid[i] = first + i * spacing;
        }
        grid[points - 1] = last; // exact, whatever the rounding of i * spacing
        return grid;
    }

    /** The samples' interpolant evaluated at each of {@code columns}. */
    public static double[] resample(double[] samples, double[] columns) {
        int n = 0;
        double[] x = new double[samples.length];
        double[] y = new double[samples.length];
        for (int c = 0; c < samples.length; c++) {
            if (!Double.isNaN(samples[c])) {
                x[n] = c;
                y[n] = samples[c];
                n++;
            }
        }
        double[] out = new double[columns.length];
        if (n == 0) {
            Arrays.fill(out, Double.NaN);
            return out;
        }
        if (n == 1) {
            Arrays.fill(out, y[0]);
            return out;
        }
        x = Arrays.copyOf(x, n);
        y = Arrays.copyOf(y, n);
        // Commons Math's spline needs at least three knots; two define a line.
        UnivariateFunction f = n == 2 ? new LinearInterpolator().interpolate(x, y)
                : new SplineInterpolator().interpolate(x, y);
        double lo = x[0];
        double hi = x[n - 1];
        for (int i = 0; i < columns.length; i++) {
            out[i] = f.value(Math.min(hi, Math.max(lo, columns[i])));
        }
        return out;
    }
}
