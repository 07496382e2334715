package io.veernet.data.metrics;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpreadCoverageTest {

    /** Errors drawn from N(0, sd^2) with the same sd claimed: the Gaussian coverages, NLL and z RMS come out. */
    @Test
    void aCalibratedSpreadHasGaussianCoverage() {
        SpreadCoverage c = new SpreadCoverage();
        SplittableRandom rng = new SplittableRandom(5);
        for (int i = 0; i < 40_000; i++) {
            double sd = 0.5 + 3 * rng.nextDouble();
            c.add(1 + (i & 1), sd * gaussian(rng), sd);
        }
        for (int curve = 1; curve <= 2; curve++) {
            SpreadCoverage.Summary s = c.summary(curve, 1, 0);
            assertEquals(20_000, s.points());
            assertEquals(0.6827, s.coverage68(), 0.01);
            assertEquals(0.95, s.coverage95(), 0.006);
            assertEquals(1.0, s.zRms(), 0.02);
            for (int l = 0; l < SpreadCoverage.LEVELS.length; l++) {
                assertEquals(SpreadCoverage.LEVELS[l], s.observed()[l], 0.012, "level " + SpreadCoverage.LEVELS[l]);
            }
        }
        double[] k = c.bestCoverageCalibration(1);
        assertEquals(1.0, k[0], 0.15);
        assertTrue(k[1] < 0.3, "floor " + k[1]);
    }

    /**
     * Heavy tails (nine columns in ten within the claimed sd, one in ten ten times off): no scale and
     * floor of a Gaussian reaches both 68% and 95% at once, while half-widths read off one sample
     * (validation) give a second sample (test) its nominal coverage at both levels.
     */
    @Test
    void halfWidthsFromOneSampleCalibrateHeavyTailedErrorsOnAnother() {
        SpreadCoverage validation = heavyTailed(11);
        SpreadCoverage test = heavyTailed(12);
        double[] k = validation.bestCoverageCalibration(1);
        SpreadCoverage.Summary gaussian = test.summary(1, k[0], k[1]);
        assertTrue(Math.abs(gaussian.coverage68() - 0.68) + Math.abs(gaussian.coverage95() - 0.95) > 0.03,
                "a Gaussian fits both levels: " + gaussian.coverage68() + " / " + gaussian.coverage95());
        double[] half = validation.empiricalHalfWidths(1, k[0], k[1]);
        assertTrue(half[SpreadCoverage.levelIndex(0.95)] > 1.96 * 1.2, "the 95% interval widens for the tail");
        SpreadCoverage.Summary calibrated = test.summary(1, k[0], k[1], half);
        // Two samples of 20,000 points: about 0.005 of sampling noise on each share.
        assertEquals(0.68, calibrated.coverage68(), 0.02);
        assertEquals(0.95, calibrated.coverage95(), 0.01);
        for (int l = 0; l < SpreadCoverage.LEVELS.length; l++) {
            assertEquals(SpreadCoverage.LEVELS[l], calibrated.observed()[l], 0.02, "level " + SpreadCoverage.LEVELS[l]);
        }
        SpreadCoverage.Summary onItself = validation.summary(1, k[0], k[1], half);
        assertTrue(onItself.coverage95() >= 0.95 && onItself.coverage95() < 0.951, "exact on its own sample");
    }

    private static SpreadCoverage heavyTailed(long seed) {
        SpreadCoverage c = new SpreadCoverage();
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = 0; i < 20_000; i++) {
            double sd = 0.5 + rng.nextDouble();
            c.add(1, sd * gaussian(rng) * (rng.nextDouble() < 0.1 ? 10 : 1), sd);
        }
        return c;
    }

    /** A spread three times too small is found out: coverage far below nominal, and the calibration's scale is about 3. */
    @Test
    void anOverconfidentSpreadIsRescaledOnCalibration() {
        SpreadCoverage c = new SpreadCoverage();
        SplittableRandom rng = new SplittableRandom(9);
        for (int i = 0; i < 20_000; i++) {
            double sd = 1 + rng.nextDouble();
            c.add(1, 3 * sd * gaussian(rng), sd);
        }
        SpreadCoverage.Summary raw = c.summary(1, 1, 0);
        assertTrue(raw.coverage68() < 0.3 && raw.zRms() > 2.7, raw.toString());
        double[] k = c.bestCoverageCalibration(1);
        assertEquals(3.0, k[0], 0.4);
        SpreadCoverage.Summary cal = c.summary(1, k[0], k[1]);
        assertEquals(0.6827, cal.coverage68(), 0.015);
        assertTrue(cal.nll() < raw.nll());
        // A floor lifts a zero spread off zero: every point is then scored, not dropped or infinite.
        c.add(2, 0.2, 0);
        SpreadCoverage.Summary floored = c.summary(2, 1, 0.5);
        assertEquals(1, floored.points());
        assertEquals(1.0, floored.coverage68());
        assertEquals(0.5 * Math.log(2 * Math.PI * 0.25) + 0.5 * 0.16, floored.nll(), 1e-12);
    }

    private static double gaussian(SplittableRandom rng) {
        return Math.sqrt(-2 * Math.log(1 - rng.nextDouble())) * Math.cos(2 * Math.PI * rng.nextDouble());
    }
}
