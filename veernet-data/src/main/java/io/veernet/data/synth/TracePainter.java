package io.veernet.data.synth;

import io.veernet.data.dataset.Track;

import java.util.Arrays;

/**
 * Draws one curve as a trace on the sheet and works out its truth: per column, where the drawn
 * centre line crosses the column, and whether ink lies there.
 *
 * <p>A trace is a polyline through one vertex per column. Solid traces ink every segment; dashed
 * ones ink alternating runs measured along the trace; stroke breaks leave whole columns blank.
 * A wrapped (backup) trace is cut where it jumps from one track edge to the other.
 */
final class TracePainter {

    /** How a trace looks: stroke width, darkness, dash runs (null for solid). */
    record Style(double width, float darkness, double[] dashRuns, double widthWobble, double wobblePeriod, double dashPhase) {
    }

    /** The result for one curve: per column centre rows (NaN where absent) and ink flags. */
    record Drawn(double[] row, boolean[] ink) {
    }

    private TracePainter() {
    }

    /**
     * Paints {@code positions} (unwrapped track positions, NaN where absent) with the given style
     * and class, and returns its truth.
     *
     * @param breaks sorted, non-overlapping column intervals {from, to} left blank
     */
    static Drawn paint(Canvas canvas, SheetGeometry sheet, Track track, double[] positions,
                       Style style, int[][] breaks, int classId) {
        int w = positions.length;
        double[] vx = new double[w];
        double[] vy = new double[w];
        int[] wrapIndex = new int[w];
        for (int c = 0; c < w; c++) {
            double p = positions[c];
            if (Double.isNaN(p)) {
                vx[c] = Double.NaN;
                vy[c] = Double.NaN;
                continue;
            }
            int n = p > 1 ? (int) Math.floor(p) : 0;
            double row = track.rowOf(p - n);
            wrapIndex[c] = n;
            vx[c] = sheet.x(c, row);
            vy[c] = sheet.y(c, row);
        }
        boolean[] blank = new boolean[w];
        for (int[] b : breaks) {
            Arrays.fill(blank, Math.max(0, b[0]), Math.min(w, b[1]), true);
        }
        double arc = style.dashPhase();
        for (int c = 0; c + 1 < w; c++) {
            if (!connected(vx, wrapIndex, c)) {
                continue;
            }
            double len = StrictMath.hypot(vx[c + 1] - vx[c], vy[c + 1] - vy[c]);
            if (!blank[c]) {
                double segWidth = style.width() * (1 + style.widthWobble()
                        * StrictMath.sin(2 * Math.PI * c / style.wobblePeriod()));
                drawDashed(canvas, vx[c], vy[c], vx[c + 1], vy[c + 1], len, arc, segWidth, style);
            }
            arc += len;
        }
        Drawn drawn = truth(canvas, vx, vy, wrapIndex);
        canvas.commitStroke(style.darkness(), classId);
        return drawn;
    }

    private static boolean connected(double[] vx, int[] wrapIndex, int c) {
        return !Double.isNaN(vx[c]) && !Double.isNaN(vx[c + 1]) && wrapIndex[c] == wrapIndex[c + 1];
    }

    /** Inks the parts of segment (x0,y0)-(x1,y1) that fall on the dash pattern's inked runs. */
    private static void drawDashed(Canvas canvas, double x0, double y0, double x1, double y1, double len,
                                   double arcStart, double width, Style style) {
        double[] runs = style.dashRuns();
        if (runs == null) {
            canvas.strokeSegment(x0, y0, x1, y1, width);
            return;
        }
        double period = 0;
        for (double r : runs) {
            period += r * style.width();
        }
        // Walk the pattern from the period containing arcStart to the segment's end.
        double base = Math.floor(arcStart / period) * period;
        double s = base;
        int k = 0;
        while (s < arcStart + len) {
            double run = runs[k % runs.length] * style.width();
            boolean inked = k % 2 == 0;
            double from = Math.max(s, arcStart);
            double to = Math.min(s + run, arcStart + len);
            if (inked && to >= from && len > 0) {
                double t0 = (from - arcStart) / len;
                double t1 = (to - arcStart) / len;
                canvas.strokeSegment(x0 + t0 * (x1 - x0), y0 + t0 * (y1 - y0),
                        x0 + t1 * (x1 - x0), y0 + t1 * (y1 - y0), width);
            } else if (inked && len == 0) {
                canvas.strokeSegment(x0, y0, x0, y0, width);
            }
            s += run;
            k++;
        }
    }

    /**
     * Per column, the mean row where the drawn polyline crosses the column's centre line, and
     * whether the uncommitted stroke covers at least half of the pixel holding that point.
     */
    private static Drawn truth(Canvas canvas, double[] vx, double[] vy, int[] wrapIndex) {
        int w = vx.length;
        double[] sum = new double[w];
        int[] count = new int[w];
        for (int c = 0; c + 1 < w; c++) {
            if (!connected(vx, wrapIndex, c)) {
                continue;
            }
            double xa = vx[c];
            double xb = vx[c + 1];
            int from = Math.max(0, (int) Math.ceil(Math.min(xa, xb)));
            int to = Math.min(w - 1, (int) Math.floor(Math.max(xa, xb)));
            for (int x = from; x <= to; x++) {
                double t = xb == xa ? 0.5 : (x - xa) / (xb - xa);
                sum[x] += vy[c] + t * (vy[c + 1] - vy[c]);
                count[x]++;
            }
        }
        double[] row = new double[w];
        for (int x = 0; x < w; x++) {
            row[x] = count[x] > 0 ? sum[x] / count[x] : Double.NaN;
        }
        fillShortGaps(row, vx);
        boolean[] ink = new boolean[w];
        for (int x = 0; x < w; x++) {
            if (!Double.isNaN(row[x])) {
                int y = (int) Math.round(row[x]);
                ink[x] = y >= 0 && y < canvas.height && canvas.coverage(x, y) >= 0.5f;
            }
        }
        return new Drawn(row, ink);
    }

    /**
     * Columns inside a present curve that no segment crosses (a wrap jump under skew) take the
     * linear interpolation of their neighbours; columns where the curve is absent stay NaN.
     */
    private static void fillShortGaps(double[] row, double[] vx) {
        int w = row.length;
        int last = -1;
        for (int x = 0; x < w; x++) {
            if (Double.isNaN(row[x])) {
                continue;
            }
            if (last >= 0 && x - last > 1 && !Double.isNaN(vx[last]) && !Double.isNaN(vx[x])) {
                for (int g = last + 1; g < x; g++) {
                    if (!Double.isNaN(vx[g])) {
                        row[g] = row[last] + (row[x] - row[last]) * (g - last) / (double) (x - last);
                    }
                }
            }
            last = x;
        }
    }
}
