package io.veernet.data.synth;

import java.util.Arrays;

/**
 * The drawing surface of one log: an ink-density plane, a class-label plane and a scratch
 * coverage plane for the stroke being drawn.
 *
 * <p>Strokes are rasterised by distance: a pixel whose centre lies at distance d from a segment
 * of width w is covered {@code clamp(w/2 + 0.5 - d, 0, 1)}. A pixel is labelled with a curve's
 * class when that curve covers at least half of it, so labels follow the drawn geometry exactly.
 * Pixel (x, y) has its centre at (x, y).
 */
final class Canvas {

    final int width;
    final int height;
    /** Ink density in [0, 1] per pixel: 0 paper, 1 full ink. */
    final float[] ink;
    /** Class per pixel: 0 background, 1 curve 1, 2 curve 2. */
    final byte[] labels;
    /** Coverage of the stroke being drawn, committed with {@link #commitStroke}. */
    private final float[] scratch;
    private int dirtyMinX;
    private int dirtyMaxX;
    private int dirtyMinY;
    private int dirtyMaxY;

    Canvas(int width, int height) {
        this.width = width;
        this.height = height;
        this.ink = new float[width * height];
        this.labels = new byte[width * height];
        this.scratch = new float[width * height];
        resetDirty();
    }

    /** Draws a background line (grid, text): ink is the maximum of what is there and this line. */
    void line(double x0, double y0, double x1, double y1, double lineWidth, float darkness) {
        rasterize(ink, x0, y0, x1, y1, lineWidth, darkness, false);
    }

    /** Adds a segment to the stroke being drawn (coverage only; see {@link #commitStroke}). */
    void strokeSegment(double x0, double y0, double x1, double y1, double lineWidth) {
        rasterize(scratch, x0, y0, x1, y1, lineWidth, 1f, true);
    }

    /**
     * Lays the current stroke onto the sheet with the given darkness; pixels it covers at least
     * half get {@code classId}, overwriting what lay below (the stroke drawn last is on top).
     */
    void commitStroke(float darkness, int classId) {
        if (dirtyMinX > dirtyMaxX) {
            return;
        }
        for (int y = dirtyMinY; y <= dirtyMaxY; y++) {
            int row = y * width;
            for (int x = dirtyMinX; x <= dirtyMaxX; x++) {
                int i = row + x;
                float c = scratch[i];
                if (c > 0) {
                    ink[i] = 1 - (1 - ink[i]) * (1 - darkness * c);
                    if (c >= 0.5f) {
                        labels[i] = (byte) classId;
                    }
                    scratch[i] = 0;
                }
            }
        }
        resetDirty();
    }

    /** Coverage of the stroke being drawn at pixel (x, y), before it is committed. */
    float coverage(int x, int y) {
        return scratch[y * width + x];
    }

    void clear() {
        Arrays.fill(ink, 0f);
        Arrays.fill(labels, (byte) 0);
        Arrays.fill(scratch, 0f);
        resetDirty();
    }

    private void resetDirty() {
        dirtyMinX = Integer.MAX_VALUE;
        dirtyMinY = Integer.MAX_VALUE;
        dirtyMaxX = Integer.MIN_VALUE;
        dirtyMaxY = Integer.MIN_VALUE;
    }

    /**
     * Distance-based anti-aliased rasterisation of a thick segment with round caps, combining with
     * max. Walks the segment's major axis and, per step, only the few pixels across it.
     */
    private void rasterize(float[] target, double x0, double y0, double x1, double y1,
                           double lineWidth, float value, boolean trackDirty) {
        double r = lineWidth / 2 + 0.5;
        double dx = x1 - x0;
        double dy = y1 - y0;
        double len2 = dx * dx + dy * dy;
        boolean alongX = Math.abs(dx) >= Math.abs(dy);
        // Reach across the major axis: r / cos(angle), plus one pixel for the caps.
        double major = alongX ? dx : dy;
        double minor = alongX ? dy : dx;
        double across = (major == 0 ? r : r * Math.sqrt(1 + (minor / major) * (minor / major))) + 1;
        double a0 = alongX ? x0 : y0;
        double a1 = alongX ? x1 : y1;
        double b0 = alongX ? y0 : x0;
        int aLimit = (alongX ? width : height) - 1;
        int bLimit = (alongX ? height : width) - 1;
        double r2 = r * r;
        int aFrom = Math.max(0, (int) Math.floor(Math.min(a0, a1) - r));
        int aTo = Math.min(aLimit, (int) Math.ceil(Math.max(a0, a1) + r));
        for (int a = aFrom; a <= aTo; a++) {
            double t = major == 0 ? 0 : Math.max(0, Math.min(1, (a - a0) / major));
            double bc = b0 + t * minor;
            int bFrom = Math.max(0, (int) Math.floor(bc - across));
            int bTo = Math.min(bLimit, (int) Math.ceil(bc + across));
            for (int b = bFrom; b <= bTo; b++) {
                int px = alongX ? a : b;
                int py = alongX ? b : a;
                double d2 = distance2(px, py, x0, y0, dx, dy, len2);
                if (d2 >= r2) {
                    continue;
                }
                double cov = r - Math.sqrt(d2);
                float v = (float) Math.min(1, cov) * value;
                int i = py * width + px;
                if (v > target[i]) {
                    target[i] = v;
                }
                if (trackDirty) {
                    if (px < dirtyMinX) {
                        dirtyMinX = px;
                    }
                    if (px > dirtyMaxX) {
                        dirtyMaxX = px;
                    }
                    if (py < dirtyMinY) {
                        dirtyMinY = py;
                    }
                    if (py > dirtyMaxY) {
                        dirtyMaxY = py;
                    }
                }
            }
        }
    }

    /** Squared distance from pixel centre (px, py) to the segment from (x0, y0) along (dx, dy). */
    private static double distance2(double px, double py, double x0, double y0, double dx, double dy, double len2) {
        double t = len2 == 0 ? 0 : Math.max(0, Math.min(1, ((px - x0) * dx + (py - y0) * dy) / len2));
        double ex = px - (x0 + t * dx);
        double ey = py - (y0 + t * dy);
        return ex * ex + ey * ey;
    }
}
