package io.veernet.data.raster;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResamplerTest {

    @Test
    void coordinateMapsAreInverses() {
        for (double r : new double[] {-0.5, 0, 3.3, 79, 639.5}) {
            assertEquals(r, Resampler.toSource(Resampler.toTarget(r, 640, 72), 640, 72), 1e-9);
        }
        // Pixel edges line up: the first target pixel's left edge is the source's.
        assertEquals(-0.5, Resampler.toSource(-0.5, 640, 80), 1e-12);
        assertEquals(3.5, Resampler.toSource(0, 640, 80), 1e-12);
    }

    /**
     * A stroke drawn at a known sub-pixel row in a tall image, 2-3 working pixels wide (as the
     * generator's curves are), reduced by area averaging: its ink-weighted centre row in the
     * reduced image lies within 0.25 working px of the mapped truth, and mapped back to the input
     * within 0.25 x the reduction factor input px. A stroke narrower than one working pixel keeps
     * only that pixel's position: no resampler can return sub-pixel detail the reduction removed.
     */
    @Test
    void rowsOfReducedStrokesMapBackWithinAQuarterPixel() {
        int w = 200;
        for (int[] size : new int[][] {{640, 80}, {640, 72}, {320, 64}, {480, 77}, {100, 64}, {90, 80}}) {
            int sh = size[0];
            int th = size[1];
            double factor = sh / (double) th;
            for (double row : new double[] {50.0, 51.37, sh / 2.0 + 0.61, sh - 30.25}) {
                for (double widthWorking : new double[] {2.0, 3.0}) {
                    GrayImage src = stroke(w, sh, row, widthWorking * factor);
                    GrayImage small = Resampler.resize(src, Math.max(1, w * th / sh), th);
                    double centre = inkCentre(small, small.width() / 2);
                    double want = Resampler.toTarget(row, sh, th);
                    assertTrue(Math.abs(centre - want) <= 0.25, sh + "->" + th + " row " + row + ": working centre "
                            + centre + ", mapped truth " + want);
                    double back = Resampler.toSource(centre, sh, th);
                    assertTrue(Math.abs(back - row) <= 0.25 * Math.max(1, factor), sh + "->" + th + " row " + row
                            + ": mapped back to " + back);
                }
            }
        }
    }

    @Test
    void areaAveragingKeepsTheMeanAndUnchangedSizesAreTheSameImage() {
        float[] v = new float[37 * 23];
        for (int i = 0; i < v.length; i++) {
            v[i] = (i * 7919) % 256;
        }
        float[] r = Resampler.area(v, 37, 23, 11, 7);
        assertEquals(mean(v), mean(r), 1e-3);
        GrayImage g = GrayImage.blank(40, 40);
        assertTrue(g == Resampler.resize(g, 40, 40));
    }

    @Test
    void bilinearBringsAReducedPlaneBackWithItsFeaturesInPlace() {
        // A smooth ramp survives reduce + expand almost exactly (away from the edges).
        int sw = 64;
        int sh = 320;
        float[] v = new float[sw * sh];
        for (int y = 0; y < sh; y++) {
            for (int x = 0; x < sw; x++) {
                v[y * sw + x] = y;
            }
        }
        float[] small = Resampler.area(v, sw, sh, 8, 40);
        float[] back = Resampler.bilinear(small, 8, 40, sw, sh);
        for (int y = 8; y < sh - 8; y++) {
            assertEquals(y, back[y * sw + 30], 0.01, "row " + y);
        }
    }

    @Test
    void farOutsideInputsGetAWarningNamingTheNumbers() {
        WorkingGeometry g = new WorkingGeometry(64, 80);
        assertEquals(80, g.targetHeight(640));
        assertEquals(72, g.targetHeight(72));
        assertEquals(400, g.targetWidth(3200, 640, 16));
        assertNull(g.warning(500, 90, 444));
        String warn = g.warning(3200, 640, 400);
        assertNotNull(warn);
        assertTrue(warn.contains("3200 x 640") && warn.contains("64-80") && warn.contains("400 x 80"), warn);
    }

    @Test
    void tallInputsAreReducedToTheChosenHeightAndShorterOnesReadAsTheyAre() {
        WorkingGeometry g = new WorkingGeometry(64, 80, Reduction.DARKEST).reducingTo(104);
        assertEquals(104, g.targetHeight(640));
        assertEquals(520, g.targetWidth(3200, 640, 16));
        assertEquals(96, g.targetHeight(96), "between the trained heights and reduce_to: as it is");
        assertEquals(64, g.targetHeight(40));
        assertEquals(Reduction.DARKEST, g.with(Reduction.AREA).reducingTo(104).with(Reduction.DARKEST).reduction());
        assertEquals(104, g.with(Reduction.AREA).reduceTo(), "another reduction keeps the height");
        assertEquals(80, g.reducingTo(0).reduceTo(), "0: the largest trained height");
        GrayImage tall = stroke(320, 640, 300.0, 6.0);
        GrayImage brought = g.with(Reduction.AREA).bring(tall, 16);
        assertEquals(104, brought.height());
        assertEquals(52, brought.width());
        assertEquals(Resampler.toTarget(300.0, 640, 104), inkCentre(brought, 20), 0.25, "the stroke lands where the map puts it");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> g.reducingTo(79));
        assertTrue(e.getMessage().contains("79") && e.getMessage().contains("80"), e.getMessage());
    }

    /** A horizontal anti-aliased stroke (coverage of each pixel row by the band row +- width/2): 0 ink, 255 paper. */
    private static GrayImage stroke(int w, int h, double row, double width) {
        byte[] px = new byte[w * h];
        for (int y = 0; y < h; y++) {
            double cover = Math.max(0, Math.min(y + 0.5, row + width / 2) - Math.max(y - 0.5, row - width / 2));
            int v = (int) Math.round(255 * (1 - cover));
            for (int x = 0; x < w; x++) {
                px[y * w + x] = (byte) v;
            }
        }
        return new GrayImage(w, h, px);
    }

    private static double inkCentre(GrayImage g, int x) {
        double s = 0;
        double sy = 0;
        for (int y = 0; y < g.height(); y++) {
            double ink = 255 - g.get(x, y);
            s += ink;
            sy += ink * y;
        }
        return sy / s;
    }

    private static double mean(float[] v) {
        double s = 0;
        for (float f : v) {
            s += f;
        }
        return s / v.length;
    }

    /**
     * A one-pixel stroke reduced 8x: area averaging leaves an eighth of its ink, the darkest
     * reduction all of it at one pixel, blend the mean; the stroke's row is the same in all three.
     */
    @Test
    void theDarkestReductionKeepsAThinStrokesInk() {
        GrayImage src = new GrayImage(160, 160, strokeAtRow77());
        GrayImage area = Resampler.resize(src, 20, 20, Reduction.AREA);
        GrayImage dark = Resampler.resize(src, 20, 20, Reduction.DARKEST);
        GrayImage blend = Resampler.resize(src, 20, 20, Reduction.BLEND);
        int row = 77 / 8;
        for (int x = 0; x < 20; x++) {
            assertEquals(232 - (232 - 40) / 8, area.pixels()[row * 20 + x] & 0xFF, 1);
            assertEquals(40, dark.pixels()[row * 20 + x] & 0xFF);
            assertEquals((40 + 208) / 2, blend.pixels()[row * 20 + x] & 0xFF, 1);
            for (int y = 0; y < 20; y++) {
                if (y != row) {
                    assertEquals(232, dark.pixels()[y * 20 + x] & 0xFF, "paper stays paper at row " + y);
                }
            }
        }
        // Enlarging is the same in every mode.
        GrayImage small = Resampler.resize(src, 20, 20, Reduction.AREA);
        assertArrayEquals(Resampler.resize(small, 40, 40, Reduction.AREA).pixels(),
                Resampler.resize(small, 40, 40, Reduction.DARKEST).pixels());
        assertEquals(Reduction.DARKEST, Reduction.parse(" Darkest "));
        assertThrows(IllegalArgumentException.class, () -> Reduction.parse("bicubic"));
    }

    /**
     * darkest_rows: a one-pixel curve along depth (a row) keeps all its ink, a one-pixel depth line
     * (a column) keeps an eighth, as area averaging leaves it.
     */
    @Test
    void darkestRowsKeepsACurvesInkAndFadesADepthLine() {
        int w = 160;
        int h = 160;
        byte[] px = strokeAtRow77();
        for (int y = 0; y < h; y++) {
            px[y * w + 101] = (byte) 40;
        }
        GrayImage out = Resampler.resize(new GrayImage(w, h, px), 20, 20, Reduction.parse("darkest-rows"));
        int row = 77 / 8;
        int column = 101 / 8;
        for (int x = 0; x < 20; x++) {
            if (x != column) {
                assertEquals(40, out.pixels()[row * 20 + x] & 0xFF, "the curve at column " + x);
            }
        }
        for (int y = 0; y < 20; y++) {
            if (y != row) {
                assertEquals(232 - (232 - 40) / 8, out.pixels()[y * 20 + column] & 0xFF, 1, "the depth line at row " + y);
                assertEquals(232, out.pixels()[y * 20 + column + 1] & 0xFF, "paper beside the line at row " + y);
            }
        }
    }

    /** Paper (232) of 160 x 160 px with a one-pixel stroke of ink 40 along row 77. */
    private static byte[] strokeAtRow77() {
        byte[] px = new byte[160 * 160];
        java.util.Arrays.fill(px, (byte) 232);
        for (int x = 0; x < 160; x++) {
            px[77 * 160 + x] = (byte) 40;
        }
        return px;
    }
}
