package io.veernet.data.curves;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class CurveExtractorTest {

    private static final int H = 40;
    private static final int W = 60;

    /** Curve 1 wanders through sub-pixel rows; curve 2 is a gentle slope. */
    private static double centre1(int x) {
        return 10 + 5 * Math.sin(x / 7.0);
    }

    private static double centre2(int x) {
        return 27.3 + 0.13 * x;
    }

    /** Gaussian profiles (sigma 1.2 px, peak 0.9) around each centre; background takes the rest. */
    private static ClassProbabilities twoCurves(int missing1From, int missing1To, int missing2Head, int missing2Tail) {
        float[] p = new float[3 * H * W];
        for (int x = 0; x < W; x++) {
            boolean has1 = x < missing1From || x >= missing1To;
            boolean has2 = x >= missing2Head && x < W - missing2Tail;
            for (int y = 0; y < H; y++) {
                double p1 = has1 ? gauss(y, centre1(x)) : 0;
                double p2 = has2 ? gauss(y, centre2(x)) : 0;
                p[(H + y) * W + x] = (float) p1;
                p[(2 * H + y) * W + x] = (float) p2;
                p[y * W + x] = (float) (1 - p1 - p2);
            }
        }
        return new ClassProbabilities(3, H, W, p);
    }

    private static double gauss(int y, double centre) {
        double d = (y - centre) / 1.2;
        return 0.9 * Math.exp(-0.5 * d * d);
    }

    @Test
    void findsSubPixelCentresOfBothCurves() {
        List<ExtractedCurve> curves = CurveExtractor.extract(twoCurves(20, 25, 3, 2));
        assertEquals(2, curves.size());
        ExtractedCurve c1 = curves.get(0);
        ExtractedCurve c2 = curves.get(1);
        assertEquals(1, c1.classId());
        assertEquals(2, c2.classId());
        double error1 = 0;
        double error2 = 0;
        int n1 = 0;
        int n2 = 0;
        for (int x = 0; x < W; x++) {
            if (c1.observed()[x]) {
                error1 += Math.abs(c1.rows()[x] - centre1(x));
                n1++;
            }
            if (c2.observed()[x]) {
                error2 += Math.abs(c2.rows()[x] - centre2(x));
                n2++;
            }
        }
        assertTrue(error1 / n1 < 0.3, "curve 1 mean error " + error1 / n1);
        assertTrue(error2 / n2 < 0.3, "curve 2 mean error " + error2 / n2);
    }

    @Test
    void fillsMissingColumnsFromObservedNeighbours() {
        List<ExtractedCurve> curves = CurveExtractor.extract(twoCurves(20, 25, 3, 2));
        ExtractedCurve c1 = curves.get(0);
        double[] r1 = c1.rows();
        for (int x = 20; x < 25; x++) {
            assertFalse(c1.observed()[x]);
            assertEquals(r1[19] + (r1[25] - r1[19]) * (x - 19) / 6, r1[x], 1e-12, "column " + x);
        }
        assertEquals(55.0 / 60, c1.coverage(), 1e-12);

        ExtractedCurve c2 = curves.get(1);
        double[] r2 = c2.rows();
        assertFalse(c2.observed()[0] || c2.observed()[2] || c2.observed()[58] || c2.observed()[59]);
        assertTrue(c2.observed()[3] && c2.observed()[57]);
        assertEquals(r2[3], r2[0], 0);
        assertEquals(r2[3], r2[2], 0);
        assertEquals(r2[57], r2[59], 0);
        assertEquals(55.0 / 60, c2.coverage(), 1e-12);
    }

    @Test
    void centroidUsesOnlyPixelsPredictedAsTheClass() {
        // One column: p1 = .2 .6 .9 .7 .3, background the rest; rows 1-3 are argmax 1, row 4 is not.
        float[] p1 = {0.2f, 0.6f, 0.9f, 0.7f, 0.3f};
        float[] p = new float[3 * 5];
        for (int y = 0; y < 5; y++) {
            p[y] = 1 - p1[y];
            p[5 + y] = p1[y];
        }
        ExtractedCurve c = CurveExtractor.extract(new ClassProbabilities(3, 5, 1, p)).get(0);
        double expected = (0.6 * 1 + 0.9 * 2 + 0.7 * 3) / (0.6 + 0.9 + 0.7);
        assertEquals(expected, c.rows()[0], 1e-6);
        assertEquals(1, c.coverage());
    }

    @Test
    void curveNeverPredictedStaysMissing() {
        float[] p = new float[3 * 4 * 3];
        java.util.Arrays.fill(p, 0, 12, 1f);
        ExtractedCurve c = CurveExtractor.extract(new ClassProbabilities(3, 4, 3, p)).get(1);
        assertTrue(Double.isNaN(c.rows()[0]) && Double.isNaN(c.rows()[2]));
        assertEquals(0, c.coverage());
    }

    @Test
    void argmaxPicksTheLowestClassOnTies() {
        // 1 x 2 map: pixel 0 ties background and curve 1; pixel 1 is curve 2.
        float[] p = {0.4f, 0.1f, 0.4f, 0.2f, 0.2f, 0.7f};
        var labels = new ClassProbabilities(3, 1, 2, p).argmax();
        assertArrayEquals(new byte[] {0, 2}, labels.labels());
    }

    @Test
    void rejectsABufferOfTheWrongSize() {
        var e = assertThrows(IllegalArgumentException.class, () -> new ClassProbabilities(3, 4, 5, new float[59]));
        assertTrue(e.getMessage().contains("3 x 4 x 5 = 60"), e.getMessage());
    }
}
