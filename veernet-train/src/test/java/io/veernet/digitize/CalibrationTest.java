package io.veernet.digitize;

import io.veernet.data.raster.GrayImage;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CalibrationTest {

    @Test
    void depthFromTwoReferenceColumnsIsAffine() {
        Calibration.DepthMap d = Calibration.DepthMap.parseReferences("100=1500,1100=1600");
        assertEquals(1500, d.at(100), 1e-9);
        assertEquals(1600, d.at(1100), 1e-9);
        assertEquals(1490, d.at(0), 1e-9);
        assertEquals(600, d.column(1550), 1e-9);
    }

    @Test
    void theAutomaticStepIsTheNearestRoundOne() {
        assertEquals(0.05, Calibration.roundStep(0.0499334221038614));
        assertEquals(0.2, Calibration.roundStep(0.1524));
        assertEquals(0.5, Calibration.roundStep(0.5));
        assertEquals(2.5, Calibration.roundStep(2.7));
        assertEquals(10.0, Calibration.roundStep(8.9));
    }

    @Test
    void aStepWithoutDepthCalibrationAndATrackOutsideTheScanAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Calibration(null, null, "M", 0.5, null, null, null));
        assertTrue(e.getMessage().contains("--step 0.5 needs a depth calibration"), e.getMessage());
        Calibration c = new Calibration(null, null, "M", 0, new double[] {10, 5000}, null, null);
        e = assertThrows(IllegalArgumentException.class, () -> c.tracks().get(0).rowsFor(77));
        assertEquals("--track 10:5000 reaches below the scan, whose rows are 0-76", e.getMessage());
        assertEquals(0, new Calibration(null, null, "M", 0, null, null, null).tracks().get(0).rowsFor(77)[0]);
    }

    @Test
    void depthFromTopAndBottomSpansTheWidth() {
        Calibration c = new Calibration(null, Calibration.DepthMap.parseEnds("2000:2050"), "M", 0, null, null, null);
        Calibration.DepthMap d = c.depthFor(501);
        assertEquals(2000, d.at(0), 1e-9);
        assertEquals(2050, d.at(500), 1e-9);
        assertNull(Calibration.none().depthFor(501));
    }

    @Test
    void logScaleValuesFollowTheDecades() {
        Calibration.CurveScale s = Calibration.CurveScale.parse("--curve2", "ild:ohmm:0.2:2000:log");
        assertEquals("ILD", s.mnemonic());
        assertEquals("OHMM", s.unit());
        // Track rows 10 (top) to 110 (bottom): four decades over 100 rows.
        assertEquals(0.2, Digitizer.value(110, s, 10, 110), 1e-12);
        assertEquals(2000, Digitizer.value(10, s, 10, 110), 1e-9);
        assertEquals(2.0, Digitizer.value(85, s, 10, 110), 1e-9);
        assertEquals(20.0, Digitizer.value(60, s, 10, 110), 1e-9);
        Calibration.CurveScale lin = Calibration.CurveScale.parse("--curve1", "GR:API:0:150");
        assertEquals(75, Digitizer.value(60, lin, 10, 110), 1e-9);
        assertEquals(0.5, Digitizer.value(60, null, 10, 110), 1e-12);
    }

    @Test
    void resamplingAtAStepInterpolatesBetweenColumnsAndKeepsMissingSamplesMissing() {
        Calibration.DepthMap d = Calibration.DepthMap.parseReferences("0=100,4=102");
        double[] curve = {1, 2, Double.NaN, 4, 5};
        double[][] t = Digitizer.sample(List.of(curve), 5, d, 0.25);
        assertArrayEquals(new double[] {100, 100.25, 100.5, 100.75, 101, 101.25, 101.5, 101.75, 102}, t[0], 1e-9);
        assertEquals(1.5, t[1][1], 1e-12);
        assertEquals(2, t[1][2], 1e-12);
        assertTrue(Double.isNaN(t[1][3]) && Double.isNaN(t[1][4]) && Double.isNaN(t[1][5]));
        assertEquals(4, t[1][6], 1e-12);
        // Depth decreasing along the width still gives rows in increasing depth.
        double[][] rev = Digitizer.sample(List.of(curve), 5, Calibration.DepthMap.parseReferences("0=102,4=100"), 0);
        assertArrayEquals(new double[] {100, 100.5, 101, 101.5, 102}, rev[0], 1e-9);
        assertEquals(5, rev[1][0], 1e-12);
    }

    @Test
    void badCalibrationsNameTheOption() {
        assertMessage(() -> Calibration.DepthMap.parseReferences("100=1500,300=1500"), "--depth-ref", "reference depths are equal");
        assertMessage(() -> Calibration.DepthMap.parseReferences("100=1500,100=1600"), "--depth-ref", "columns are the same");
        assertMessage(() -> Calibration.DepthMap.parseReferences("100:1500"), "--depth-ref", "PX1=D1,PX2=D2");
        assertMessage(() -> new Calibration(null, new double[] {5, 5}, "M", 0, null, null, null), "--depth", "equal");
        assertMessage(() -> Calibration.CurveScale.parse("--curve1", "GR:API:150:150"), "--curve1", "left and right values are equal");
        assertMessage(() -> Calibration.CurveScale.parse("--curve2", "ILD:OHMM:0:2000:log"), "--curve2", "positive");
        assertMessage(() -> Calibration.CurveScale.parse("--curve1", "GR:API:zero:150"), "--curve1", "'zero' is not a number");
        assertMessage(() -> new Calibration(null, null, "YARDS", 0, null, null, null), "--unit", "M or FT");
    }

    @Test
    void tallScansAreTurnedAnticlockwise() {
        // 2 wide x 3 tall: columns a|b, rows top to bottom.
        GrayImage tall = new GrayImage(2, 3, new byte[] {1, 2, 3, 4, 5, 6});
        assertEquals(90, Orientation.degrees("auto", tall));
        GrayImage turned = Orientation.rotate(tall, 90);
        assertEquals(3, turned.width());
        assertEquals(2, turned.height());
        // The page's top row (1, 2) becomes the left column, read bottom to top.
        assertArrayEquals(new byte[] {2, 4, 6, 1, 3, 5}, turned.pixels());
        assertArrayEquals(tall.pixels(), Orientation.rotate(Orientation.rotate(tall, 180), 180).pixels());
        assertArrayEquals(tall.pixels(), Orientation.rotate(Orientation.rotate(tall, 90), 270).pixels());
        assertEquals(0, Orientation.degrees("auto", turned));
    }

    private static void assertMessage(Runnable r, String... words) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
        for (String w : words) {
            assertTrue(e.getMessage().contains(w), "'" + w + "' not in: " + e.getMessage());
        }
    }
}
