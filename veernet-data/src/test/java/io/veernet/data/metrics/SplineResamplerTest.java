package io.veernet.data.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

class SplineResamplerTest {

    private static final double NaN = Double.NaN;

    @Test
    void gridSpansFirstToLastDefinedColumn() {
        double[] samples = {NaN, NaN, 1, 2, NaN, 4, 5, 6, 7, 8, 9, NaN};
        assertArrayEquals(new double[] {2, 4, 6, 8, 10}, SplineResampler.grid(samples, 5), 1e-12);
        assertEquals(300, SplineResampler.grid(samples, SplineResampler.DEFAULT_POINTS).length);
        assertEquals(0, SplineResampler.grid(new double[] {NaN, NaN}, 5).length);
    }

    @Test
    void reproducesALineAcrossGaps() {
        double[] samples = new double[50];
        for (int c = 0; c < samples.length; c++) {
            samples[c] = c >= 20 && c < 30 ? NaN : 3 - 0.25 * c;
        }
        double[] at = {0, 12.5, 24.75, 49};
        double[] values = SplineResampler.resample(samples, at);
        for (int i = 0; i < at.length; i++) {
            assertEquals(3 - 0.25 * at[i], values[i], 1e-12);
        }
    }

    @Test
    void isACubicSplineNotPiecewiseLinear() {
        // sin(x / 20) known every 10 columns; midway between knots a straight line errs by up to
        // 10^2 / 8 * |f''| = 0.031. The natural end condition (f'' = 0) is exact at column 0, not at 200.
        double[] samples = new double[201];
        Arrays.fill(samples, NaN);
        for (int c = 0; c <= 200; c += 10) {
            samples[c] = Math.sin(c / 20.0);
        }
        double worst = 0;
        for (double x = 5; x < 150; x += 10) {
            double value = SplineResampler.resample(samples, new double[] {x})[0];
            worst = Math.max(worst, Math.abs(value - Math.sin(x / 20.0)));
        }
        assertTrue(worst < 1e-3, "spline error " + worst);
    }

    @Test
    void fewSamplesFallBackToLineConstantOrNothing() {
        double[] two = {NaN, 1, NaN, 5, NaN};
        assertArrayEquals(new double[] {3, 4, 5}, SplineResampler.resample(two, new double[] {2, 2.5, 3}), 1e-12);
        double[] one = {NaN, 7, NaN};
        assertArrayEquals(new double[] {7, 7}, SplineResampler.resample(one, new double[] {0, 2}), 0);
        double[] none = {NaN, NaN};
        assertTrue(Double.isNaN(SplineResampler.resample(none, new double[] {1})[0]));
    }

    @Test
    void holdsEndValuesOutsideTheDefinedColumns() {
        double[] samples = {NaN, NaN, 4, 6, 10, 12, NaN};
        double[] values = SplineResampler.resample(samples, new double[] {0, 6});
        assertEquals(4, values[0], 1e-12);
        assertEquals(12, values[1], 1e-12);
    }
}
