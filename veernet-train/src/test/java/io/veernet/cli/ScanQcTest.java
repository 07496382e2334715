package io.veernet.cli;

import io.veernet.data.curves.ExtractedCurve;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ScanQcTest {

    /** Two traces that swap order twice cross twice; touching without passing, or columns where one is unseen, do not count. */
    @Test
    void crossingsCountChangesOfOrderWhereBothCurvesAreSeen() {
        int w = 100;
        double[] a = new double[w];
        double[] b = new double[w];
        boolean[] seen = new boolean[w];
        Arrays.fill(seen, true);
        for (int x = 0; x < w; x++) {
            a[x] = 20;
            b[x] = x < 30 || x >= 70 ? 30 : 10; // below a, then above it (x 30-69), then below again
        }
        b[50] = 20; // touches a: no change of order
        assertEquals(2, ScanQc.crossings(curve(1, a, seen), curve(2, b, seen)));
        boolean[] gap = seen.clone();
        for (int x = 25; x < 75; x++) {
            gap[x] = false; // curve 2 unseen over the whole excursion
        }
        assertEquals(0, ScanQc.crossings(curve(1, a, seen), curve(2, b, gap)));
    }

    private static ExtractedCurve curve(int classId, double[] rows, boolean[] observed) {
        return new ExtractedCurve(classId, rows, observed, rows);
    }
}
