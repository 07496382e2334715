package io.veernet.data.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.veernet.data.curves.ExtractedCurve;
import io.veernet.data.dataset.CurveTruth;
import io.veernet.data.dataset.DepthAxis;
import io.veernet.data.dataset.Track;
import io.veernet.data.dataset.Truth;
import io.veernet.data.dataset.ValueScale;

class IdentitySwapsTest {

    private static final double NaN = Double.NaN;

    /**
     * Two truths crossing between columns 4 and 5: t1 = 10 + 2c, t2 = 28 - 2c, so |t1 - t2| = |4c - 18|
     * and columns 4 and 5 (2 px apart) are too close; column 9's truth 1 is absent. Eligible: 0-3, 6-8.
     */
    private static final double[] T1 = {10, 12, 14, 16, 18, 20, 22, 24, 26, NaN};
    private static final double[] T2 = {28, 26, 24, 22, 20, 18, 16, 14, 12, 10};
    /** Curve 1 follows truth 2 after the crossing: swapped at 6, 7, 8. */
    private static final double[] E1 = {10, 12, 14, 16, 18, 18, 16, 14, 12, 10};
    /** Curve 2: near truth 1 at column 0 (swap), missing at 1, exactly midway at 2 (a tie, no swap). */
    private static final double[] E2 = {11, NaN, 19, 22, 20, 18, 16, 14, 12, 10};

    @Test
    void countsSwapsAtACrossing() {
        IdentitySwaps swaps = new IdentitySwaps();
        swaps.add(T1, T2, E1, E2);
        assertEquals(7, swaps.pairs(1));
        assertEquals(3, swaps.swaps(1));
        assertEquals(6, swaps.pairs(2));
        assertEquals(1, swaps.swaps(2));
        assertEquals(3.0 / 7, swaps.rate(1), 1e-12);
        assertEquals(1.0 / 6, swaps.rate(2), 1e-12);
        assertEquals(4.0 / 13, swaps.overallRate(), 1e-12);
    }

    @Test
    void accumulatesCountsOverImagesNotRatios() {
        IdentitySwaps swaps = new IdentitySwaps();
        swaps.add(T1, T2, E1, E2);
        swaps.add(new double[] {0, 0, 0, 0}, new double[] {10, 10, 10, 10},
                new double[] {0, 0, 0, 9}, new double[] {10, 10, 10, 10});
        assertEquals(4.0 / 11, swaps.rate(1), 1e-12);
        assertEquals(1.0 / 10, swaps.rate(2), 1e-12);
        assertEquals(5.0 / 21, swaps.overallRate(), 1e-12);

        IdentitySwaps merged = new IdentitySwaps();
        merged.add(T1, T2, E1, E2);
        IdentitySwaps other = new IdentitySwaps();
        other.add(new double[] {0, 0, 0, 0}, new double[] {10, 10, 10, 10},
                new double[] {0, 0, 0, 9}, new double[] {10, 10, 10, 10});
        merged.merge(other);
        assertEquals(swaps.overallRate(), merged.overallRate(), 0);
    }

    @Test
    void noEligibleColumnGivesNaN() {
        IdentitySwaps swaps = new IdentitySwaps();
        swaps.add(new double[] {5, 5}, new double[] {7, 8}, new double[] {8, 8}, new double[] {5, 5});
        assertEquals(0, swaps.pairs(1));
        assertTrue(Double.isNaN(swaps.overallRate()));
    }

    @Test
    void readsDomainTypes() {
        Truth truth = new Truth(10, 40, new Track(0, 40), new DepthAxis(1000, 0.5, "M"),
                List.of(curve(1, T1), curve(2, T2)));
        IdentitySwaps swaps = new IdentitySwaps();
        swaps.add(truth, List.of(new ExtractedCurve(2, E2, new boolean[10]), new ExtractedCurve(1, E1, new boolean[10])));
        assertEquals(4.0 / 13, swaps.overallRate(), 1e-12);
    }

    private static CurveTruth curve(int classId, double[] rows) {
        return new CurveTruth(classId, "C" + classId, "API", new ValueScale(0, 150, false), "solid", rows,
                new double[rows.length], new boolean[rows.length]);
    }
}
