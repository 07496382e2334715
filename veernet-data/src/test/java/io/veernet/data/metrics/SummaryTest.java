package io.veernet.data.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.veernet.data.metrics.Summary.Better;

class SummaryTest {

    @Test
    void handComputedStatisticsSkipNaN() {
        // Defined values sorted: .1 .3 .5 .7 .9. R_7 p10: h = (5 - 1) * .1 = .4 -> .1 + .4 * .2 = .18.
        // Sample variance: (.16 + .04 + 0 + .04 + .16) / 4 = .1.
        Summary s = Summary.of(new double[] {0.5, 0.9, 0.7, Double.NaN, 0.1, 0.3}, Better.HIGHER);
        assertEquals(5, s.count());
        assertEquals(1, s.undefined());
        assertEquals(0.9, s.best(), 0);
        assertEquals(0.5, s.mean(), 1e-12);
        assertEquals(0.5, s.median(), 1e-12);
        assertEquals(0.18, s.p10(), 1e-12);
        assertEquals(Math.sqrt(0.1), s.std(), 1e-12);
    }

    @Test
    void evenCountInterpolatesLikeNumpy() {
        // numpy: median([1, 2, 3, 4]) = 2.5, percentile(..., 10) = 1.3.
        Summary s = Summary.of(new double[] {4, 1, 3, 2}, Better.LOWER);
        assertEquals(1, s.best(), 0);
        assertEquals(2.5, s.median(), 1e-12);
        assertEquals(1.3, s.p10(), 1e-12);
    }

    @Test
    void tooFewValues() {
        Summary one = Summary.of(new double[] {0.8}, Better.HIGHER);
        assertEquals(0.8, one.median(), 0);
        assertTrue(Double.isNaN(one.std()));
        Summary none = Summary.of(new double[] {Double.NaN}, Better.HIGHER);
        assertEquals(0, none.count());
        assertEquals(1, none.undefined());
        assertTrue(Double.isNaN(none.mean()) && Double.isNaN(none.best()));
    }

    @Test
    void splitScoresSummarisePerCurveWithTheRightDirection() {
        SplitCurveScores split = new SplitCurveScores();
        split.add(new CurveScore(1, 0.9, 0.8, 0.02, 0.03, 2, 3, 1.0, 0, Double.NaN));
        split.add(new CurveScore(1, 0.7, 0.6, 0.04, 0.05, 4, 5, 0.5, 2, Double.NaN));
        split.add(new CurveScore(1, Double.NaN, 0.5, 0.01, 0.01, 1, 1, 0.9, 0, Double.NaN));
        split.add(new CurveScore(2, 0.1, 0.2, 0.3, 0.4, 30, 40, 0.2, 1, 0.1));
        CurveSummary c1 = split.summary(1);
        assertEquals(3, c1.images());
        assertEquals(2, c1.r2().count());
        assertEquals(1, c1.r2().undefined());
        assertEquals(0.9, c1.r2().best());
        assertEquals(0.8, c1.r2().mean(), 1e-12);
        assertEquals(0.8, c1.nativeR2().best());
        assertEquals(0.01, c1.mae().best(), "lower is better for errors");
        assertEquals(1, c1.maePixels().best());
        assertEquals(5, c1.rmsePixels().count() + 2);
        assertEquals(1.0, c1.coverage().best());
        assertEquals(1, split.summary(2).images());
        assertEquals(java.util.List.of(1, 2), split.classIds());
    }
}
