package io.veernet.data.raster;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RuleLevellingTest {

    private static final int W = 200;
    private static final int H = 60;

    /** Paper darkening left to right (shading), one value line, one depth line: the raster without a trace. */
    private static int[] ruledPaper() {
        int[] dark = new int[W * H];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                int d = 10 + x / 20;
                if (y == 20) {
                    d = Math.max(d, 110);
                }
                if (x == 70) {
                    d = Math.max(d, 90);
                }
                dark[y * W + x] = d;
            }
        }
        return dark;
    }

    private static GrayImage image(int[] dark) {
        byte[] px = new byte[dark.length];
        for (int i = 0; i < dark.length; i++) {
            px[i] = (byte) (255 - dark[i]);
        }
        return new GrayImage(W, H, px);
    }

    private static int darkness(GrayImage g, int x, int y) {
        return 255 - g.get(x, y);
    }

    /** A sine trace two pixels thick: the rows it inks in column x. */
    private static int traceRow(int x) {
        return (int) Math.round(38 + 14 * Math.sin(x / 9.0));
    }

    @Test
    void linesAndShadingGoTracesStay() {
        int[] dark = ruledPaper();
        for (int x = 0; x < W; x++) {
            int r = traceRow(x);
            dark[r * W + x] = 200;
            dark[(r + 1) * W + x] = 200;
        }
        GrayImage levelled = RuleLevelling.level(image(dark));
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                int r = traceRow(x);
                boolean trace = y == r || y == r + 1;
                int d = darkness(levelled, x, y);
                if (trace) {
                    // The trace keeps its ink above the paper and line it lies on.
                    assertTrue(d >= 200 - 110 - 20, "trace at (" + x + ", " + y + ") kept only " + d);
                } else {
                    assertEquals(0, d, "paper, shading or a ruled line left at (" + x + ", " + y + ")");
                }
            }
        }
    }

    @Test
    void aFlatStrokeOverHalfTheRowStaysOneOverMostOfItGoes() {
        int[] half = new int[W * H];
        int[] most = new int[W * H];
        for (int x = 0; x < W; x++) {
            half[30 * W + x] = x < W / 2 ? 150 : 0;
            most[30 * W + x] = x < W * 9 / 10 ? 150 : 0;
        }
        GrayImage h = RuleLevelling.level(image(half));
        GrayImage m = RuleLevelling.level(image(most));
        assertEquals(150, darkness(h, 10, 30));
        assertEquals(0, darkness(m, 10, 30), "a line over 90% of a row is a ruled line to the levelling");
    }

    @Test
    void blankPaperOfAnyToneLevelsToWhite() {
        byte[] px = new byte[W * H];
        java.util.Arrays.fill(px, (byte) 207);
        GrayImage levelled = RuleLevelling.level(new GrayImage(W, H, px));
        byte[] white = new byte[W * H];
        java.util.Arrays.fill(white, (byte) 255);
        assertArrayEquals(white, levelled.pixels());
    }

    @Test
    void oneRowAndOneColumnImagesLevelToWhite() {
        GrayImage row = RuleLevelling.level(new GrayImage(5, 1, new byte[] {0, 10, 20, 30, 40}));
        assertArrayEquals(new byte[] {-1, -1, -1, -1, -1}, row.pixels());
        GrayImage col = RuleLevelling.level(new GrayImage(1, 3, new byte[] {0, (byte) 200, 100}));
        assertArrayEquals(new byte[] {-1, -1, -1}, col.pixels());
    }

    /** A scan drawn as a printer draws it: paper times the transmittance of every ink layer on it. */
    private static GrayImage printed(int paper, double[] lineInk, double[] traceInk) {
        byte[] px = new byte[W * H];
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) Math.round(paper * (1 - lineInk[i]) * (1 - traceInk[i]));
        }
        return new GrayImage(W, H, px);
    }

    @Test
    void flatteningDividesLinesAndPaperOutAndKeepsATracesContrastAcrossALine() {
        double[] lines = new double[W * H];
        double[] trace = new double[W * H];
        for (int x = 0; x < W; x++) {
            lines[20 * W + x] = 0.5;
        }
        for (int y = 0; y < H; y++) {
            lines[y * W + 70] = 0.4;
        }
        for (int x = 0; x < W; x++) {
            trace[traceRowAcross(x) * W + x] = 0.7;
        }
        GrayImage flat = RuleLevelling.flatten(printed(210, lines, trace));
        GrayImage subtracted = RuleLevelling.level(printed(210, lines, trace));
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                int d = darkness(flat, x, y);
                if (y == traceRowAcross(x)) {
                    // 0.7 of paper white, within rounding, on paper and on either line alike.
                    assertEquals(Math.round(0.7 * 255), d, 2, "trace at (" + x + ", " + y + ")");
                } else {
                    assertTrue(d <= 1, "paper or a ruled line left at (" + x + ", " + y + "): " + d);
                }
            }
        }
        int onLine = (int) Math.round(0.7 * 255) - darkness(subtracted, traceCrossing(), 20);
        assertTrue(onLine > 40, "subtracting levels loses a trace's contrast on a dark line (lost " + onLine + ")");
    }

    /** A trace that crosses row 20 (the value line) once, near column {@link #traceCrossing()}. */
    private static int traceRowAcross(int x) {
        return Math.max(1, Math.min(H - 2, 5 + x / 5));
    }

    private static int traceCrossing() {
        return 75;
    }

    @Test
    void flatteningBlankOrBlackPaperStaysInRange() {
        byte[] gray = new byte[W * H];
        java.util.Arrays.fill(gray, (byte) 190);
        byte[] white = new byte[W * H];
        java.util.Arrays.fill(white, (byte) 255);
        assertArrayEquals(white, RuleLevelling.flatten(new GrayImage(W, H, gray)).pixels());
        byte[] black = new byte[W * H];
        GrayImage out = RuleLevelling.flatten(new GrayImage(W, H, black));
        assertArrayEquals(black, out.pixels(), "a black scan divided by the floor level stays black, not paper");
        GrayImage row = RuleLevelling.flatten(new GrayImage(5, 1, new byte[] {0, 10, 20, 30, 40}));
        assertEquals(5, row.pixels().length);
    }
}
