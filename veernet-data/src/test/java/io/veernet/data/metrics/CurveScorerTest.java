package io.veernet.data.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

import io.veernet.data.curves.ExtractedCurve;
import io.veernet.data.dataset.CurveTruth;
import io.veernet.data.dataset.Track;
import io.veernet.data.dataset.ValueScale;

class CurveScorerTest {

    private static final double NaN = Double.NaN;
    private static final Track TRACK = new Track(0, 100);

    @Test
    void perfectPredictionScoresOne() {
        double[] truth = ramp(300, 100, 0.1);
        CurveScore s = new CurveScorer().score(1, truth, truth.clone(), allTrue(300), TRACK);
        assertEquals(1, s.r2(), 1e-12);
        assertEquals(1, s.nativeR2(), 1e-12);
        assertEquals(0, s.mae(), 1e-12);
        assertEquals(0, s.rmsePixels(), 1e-12);
        assertEquals(1, s.coverage());
    }

    @Test
    void constantPredictionAtTheTruthMeanScoresZero() {
        // 300 columns onto 300 points: the grid is the columns themselves and the spline is exact on a line.
        double[] truth = ramp(300, 100, 0.1);
        double[] predicted = new double[300];
        Arrays.fill(predicted, 100 + 0.1 * 149.5);
        CurveScore s = new CurveScorer().score(1, truth, predicted, allTrue(300), TRACK);
        assertEquals(0, s.r2(), 1e-9);
        assertEquals(0, s.nativeR2(), 1e-9);
    }

    @Test
    void handComputedCase() {
        // Positions (track 0..100, height 100): truth .9 .8 .7, prediction .88 .82 .67.
        // SS_res = .0017, SS_tot = .02, R^2 = .915; MAE = .07 / 3; RMSE = sqrt(.0017 / 3).
        double[] truth = {10, 20, 30};
        double[] predicted = {12, 18, 33};
        CurveScore s = new CurveScorer(3).score(2, truth, predicted, allTrue(3), TRACK);
        assertEquals(2, s.classId());
        assertEquals(0.915, s.r2(), 1e-12);
        assertEquals(0.915, s.nativeR2(), 1e-12);
        assertEquals(0.07 / 3, s.mae(), 1e-12);
        assertEquals(Math.sqrt(0.0017 / 3), s.rmse(), 1e-12);
        assertEquals(7.0 / 3, s.maePixels(), 1e-10);
        assertEquals(100 * Math.sqrt(0.0017 / 3), s.rmsePixels(), 1e-10);
    }

    @Test
    void errorsAreNormalisedByTheTrackHeight() {
        double[] truth = ramp(50, 200, 0.5);
        double[] predicted = ramp(50, 204, 0.5);
        CurveScore s = new CurveScorer().score(1, truth, predicted, allTrue(50), new Track(150, 350));
        assertEquals(4, s.maePixels(), 1e-9);
        assertEquals(4.0 / 200, s.mae(), 1e-12);
        assertEquals(4.0 / 200, s.rmse(), 1e-12);
    }

    @Test
    void coverageCountsObservedColumnsWhereTheTruthIsDefined() {
        double[] truth = new double[12];
        Arrays.fill(truth, NaN);
        boolean[] observed = new boolean[12];
        for (int c = 2; c < 10; c++) {
            truth[c] = 40 + c;
            observed[c] = c != 4 && c != 7;
        }
        observed[0] = true; // outside the truth: does not count
        CurveScore s = new CurveScorer().score(1, truth, ramp(12, 40, 1), observed, TRACK);
        assertEquals(0.75, s.coverage(), 1e-12);
    }

    @Test
    void nativeR2UsesOnlyColumnsWhereTheTruthIsDefined() {
        double[] truth = ramp(40, 30, 1);
        double[] predicted = truth.clone();
        for (int c = 10; c < 15; c++) {
            truth[c] = NaN;
            predicted[c] = 99; // wild, but the truth is absent here
        }
        CurveScore s = new CurveScorer().score(1, truth, predicted, allTrue(40), TRACK);
        assertEquals(1, s.nativeR2(), 1e-12);
        assertTrue(s.r2() < 0.99, "the grid spans the gap, so the spline through the wild rows costs: " + s.r2());
    }

    @Test
    void undefinedCasesAreNaN() {
        double[] flat = new double[20];
        Arrays.fill(flat, 50);
        CurveScore flatTruth = new CurveScorer().score(1, flat, ramp(20, 49, 0.1), allTrue(20), TRACK);
        assertTrue(Double.isNaN(flatTruth.r2()));
        assertTrue(flatTruth.mae() > 0);

        double[] never = new double[20];
        Arrays.fill(never, NaN);
        CurveScore missed = new CurveScorer().score(1, ramp(20, 10, 1), never, new boolean[20], TRACK);
        assertTrue(Double.isNaN(missed.r2()) && Double.isNaN(missed.mae()) && Double.isNaN(missed.nativeR2()));
        assertEquals(0, missed.coverage());

        CurveScore absent = new CurveScorer().score(1, never, ramp(20, 10, 1), allTrue(20), TRACK);
        assertTrue(Double.isNaN(absent.coverage()) && Double.isNaN(absent.r2()));
    }

    @Test
    void scoresDomainTypes() {
        double[] rows = ramp(30, 20, 0.5);
        CurveTruth truth = new CurveTruth(1, "GR", "API", new ValueScale(0, 150, false), "solid", rows,
                new double[30], new boolean[30]);
        CurveScore s = new CurveScorer().score(truth, TRACK, new ExtractedCurve(1, rows.clone(), allTrue(30)));
        assertEquals(1, s.r2(), 1e-12);
        assertThrows(IllegalArgumentException.class,
                () -> new CurveScorer().score(truth, TRACK, new ExtractedCurve(2, rows, allTrue(30))));
    }

    private static double[] ramp(int n, double start, double slope) {
        double[] r = new double[n];
        for (int c = 0; c < n; c++) {
            r[c] = start + slope * c;
        }
        return r;
    }

    private static boolean[] allTrue(int n) {
        boolean[] b = new boolean[n];
        Arrays.fill(b, true);
        return b;
    }
}
