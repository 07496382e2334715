package io.veernet.data.metrics;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PairedBootstrapTest {

    private static double mean(double[] v, int[] idx) {
        double s = 0;
        for (int i : idx) {
            s += v[i];
        }
        return s / idx.length;
    }

    @Test
    void pairingCancelsNoiseBothModelsShare() {
        // Image difficulty varies a lot; model b is a little better on every image.
        Random r = new Random(1);
        int n = 60;
        double[] a = new double[n];
        double[] b = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = r.nextGaussian();
            b[i] = a[i] + 0.01 + 0.001 * r.nextGaussian();
        }
        PairedBootstrap.Interval paired = PairedBootstrap.DEFAULT.interval(n, idx -> mean(b, idx) - mean(a, idx));
        assertTrue(paired.excludesZero(), paired.toString());
        assertTrue(paired.low() > 0.009 && paired.high() < 0.011, paired.toString());
    }

    @Test
    void noDifferenceGivesAnIntervalAroundZeroAndTheSameSeedTheSameInterval() {
        Random r = new Random(2);
        int n = 60;
        double[] a = new double[n];
        double[] b = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = r.nextGaussian();
            b[i] = r.nextGaussian();
        }
        PairedBootstrap.Interval ci = PairedBootstrap.DEFAULT.interval(n, idx -> mean(b, idx) - mean(a, idx));
        assertFalse(ci.excludesZero(), ci.toString());
        // About 2 x 1.96 x sqrt(2 / 60) wide for unit-variance differences.
        assertEquals(0.72, ci.high() - ci.low(), 0.15);
        assertEquals(ci, PairedBootstrap.DEFAULT.interval(n, idx -> mean(b, idx) - mean(a, idx)));
    }
}
