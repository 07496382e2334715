package io.veernet.data.raster;

import java.util.Arrays;
import java.util.function.IntBinaryOperator;

/**
 * Levels out what runs across a whole row or column of a scan (value lines, depth lines, the
 * track's border, paper tone and shading) and keeps what does not (traces, text, specks): each
 * pixel is taken relative to its row's level, then its column's level of what is left, the level
 * being the darkness a quarter of the row's (column's) pixels stay at or below (docs/TRAINING.md,
 * "Model input"). Two ways to take a pixel relative to a level:
 * <ul>
 *   <li>{@link #level}: subtract the level's darkness. A trace crossing a line keeps only its ink
 *       above the line's;</li>
 *   <li>{@link #flatten}: divide by the level's brightness (a flat field). Ink multiplies on paper,
 *       so a trace crossing a line of any darkness keeps its own contrast, and paper tone and
 *       multiplicative shading go exactly.</li>
 * </ul>
 *
 * <p>Why: real scans are ruled with grids of every spacing and darkness, and a grid the model never
 * saw is where it finds false traces; levelled, every grid looks alike (gone), so the model need not
 * learn them all. A line must cover more than three quarters of a row (or column) to be levelled
 * away; a trace does that only where it runs flat along one row for most of the log.
 */
public final class RuleLevelling {

    /** A row's (column's) level is the darkness this share of its pixels stays at or below. */
    public static final double QUANTILE = 0.25;

    /** The level {@link #flatten} divides by is at least this gray (so a nearly black row is not blown up to paper). */
    static final int MIN_FLAT_LEVEL = 32;

    private RuleLevelling() {
    }

    /** The levelled image: gray 255 minus the levelled darkness (paper white, lines gone). */
    public static GrayImage level(GrayImage image) {
        return relative(image, (dark, level) -> Math.max(0, dark - level));
    }

    /**
     * The flat-fielded image: each pixel's gray divided by its row's level (the gray a quarter of
     * the row's pixels stay at or above, at least {@link #MIN_FLAT_LEVEL}), then by its column's level
     * of what is left, times 255 and capped at paper white.
     */
    public static GrayImage flatten(GrayImage image) {
        return relative(image, (dark, level) -> {
            int levelGray = Math.max(MIN_FLAT_LEVEL, 255 - level);
            // 255 * gray / level, rounded, at most 255 (integer arithmetic, so every platform agrees).
            return 255 - Math.min(255, (255 * (255 - dark) + levelGray / 2) / levelGray);
        });
    }

    /**
     * Every pixel's darkness taken relative to its row's level, then what is left relative to its
     * column's level, by {@code relative(darkness, level darkness)} (a darkness in 0-255).
     */
    private static GrayImage relative(GrayImage image, IntBinaryOperator relative) {
        int w = image.width();
        int h = image.height();
        byte[] px = image.pixels();
        int[] dark = new int[w * h];
        int[] hist = new int[256];
        int rowRank = rank(w);
        for (int y = 0; y < h; y++) {
            Arrays.fill(hist, 0);
            int row = y * w;
            for (int x = 0; x < w; x++) {
                int d = 255 - (px[row + x] & 0xFF);
                dark[row + x] = d;
                hist[d]++;
            }
            int level = quantile(hist, rowRank);
            for (int x = 0; x < w; x++) {
                dark[row + x] = relative.applyAsInt(dark[row + x], level);
            }
        }
        int colRank = rank(h);
        byte[] out = new byte[w * h];
        for (int x = 0; x < w; x++) {
            Arrays.fill(hist, 0);
            for (int y = 0; y < h; y++) {
                hist[dark[y * w + x]]++;
            }
            int level = quantile(hist, colRank);
            for (int y = 0; y < h; y++) {
                out[y * w + x] = (byte) (255 - relative.applyAsInt(dark[y * w + x], level));
            }
        }
        return new GrayImage(w, h, out);
    }

    /** The 0-based rank of the quantile among n sorted values (the lower neighbour). */
    private static int rank(int n) {
        return (int) Math.floor(QUANTILE * (n - 1));
    }

    /** The value of the given rank in a histogram of 0-255 values. */
    private static int quantile(int[] hist, int rank) {
        int seen = 0;
        for (int v = 0; v < hist.length; v++) {
            seen += hist[v];
            if (seen > rank) {
                return v;
            }
        }
        throw new IllegalStateException("histogram holds fewer values than rank " + rank);
    }
}
