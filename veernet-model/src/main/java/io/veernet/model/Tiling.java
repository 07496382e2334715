package io.veernet.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Tiled inference along depth: a log wider than {@code window} columns is cut into overlapping
 * windows whose probabilities are blended with linear ramps across each overlap, so memory is
 * bounded by the window and not by the log.
 *
 * <p>Window starts are multiples of the network's input multiple, so every window sees the same
 * pooling grid as the whole image would. A network whose output at a column depends only on a
 * bounded neighbourhood (BatchNorm at inference, no attention) gives the whole-image answer
 * away from the blends; GroupNorm statistics and the attention bottleneck are per image, so
 * there a window sees its own context, as in training on images of the window's width.
 *
 * <p>Whole-image reading is the more accurate for such a network (docs/REPRODUCING.md), so
 * {@code wholeUpTo} keeps images up to that width in one pass and windows only what is longer:
 * accuracy where memory allows, bounded memory for logs of any length.
 *
 * @param window    columns per window at the working height (0 = the whole image at once)
 * @param overlap   columns shared by neighbouring windows, blended linearly
 * @param wholeUpTo images up to this many columns (at the working height) are read whole even with a window
 */
public record Tiling(int window, int overlap, int wholeUpTo) {

    /** The whole image in one pass. */
    public static final Tiling WHOLE = new Tiling(0, 0, 0);

    /** Windows for every image wider than {@code window}. */
    public Tiling(int window, int overlap) {
        this(window, overlap, 0);
    }

    public Tiling {
        if (wholeUpTo < 0) {
            throw new IllegalArgumentException("tiling whole_up_to must be >= 0 columns, got " + wholeUpTo);
        }
        if (window < 0) {
            throw new IllegalArgumentException("tiling window must be >= 0 columns (0 = whole image), got " + window);
        }
        if (window > 0 && !(overlap >= 0 && overlap < window / 2)) {
            throw new IllegalArgumentException("tiling overlap must be >= 0 and under half the window (" + window
                    + "), got " + overlap);
        }
        if (window == 0 && overlap != 0) {
            throw new IllegalArgumentException("tiling overlap needs a window, got overlap " + overlap + " with window 0");
        }
    }

    /**
     * {@code WINDOW:OVERLAP} (windows for any image wider than the window), {@code WINDOW:OVERLAP:WHOLE_UP_TO},
     * or {@code off} / {@code 0} for the whole image.
     */
    public static Tiling parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("off") || t.equals("0")) {
            return WHOLE;
        }
        String[] p = t.split(":");
        try {
            if (p.length == 2) {
                return new Tiling(Integer.parseInt(p[0].trim()), Integer.parseInt(p[1].trim()));
            }
            if (p.length == 3) {
                return new Tiling(Integer.parseInt(p[0].trim()), Integer.parseInt(p[1].trim()), Integer.parseInt(p[2].trim()));
            }
        } catch (NumberFormatException e) {
            // falls through to the message below
        }
        throw new IllegalArgumentException("tiling must be WINDOW:OVERLAP[:WHOLE_UP_TO] columns (e.g. 640:128 or 640:128:2048) or off, got '" + text + "'");
    }

    public boolean whole() {
        return window == 0;
    }

    /** One window: columns {@code [start, end)} of the image. */
    public record Tile(int start, int end) {
        public int width() {
            return end - start;
        }
    }

    /**
     * The windows covering {@code width} columns: starts at multiples of {@code multiple}, a stride
     * of {@code window - overlap} rounded down to the multiple, the last one ending at the image's
     * end (it may be up to {@code multiple - 1} columns wider than the window). One window when
     * the image fits.
     */
    public List<Tile> tiles(int width, int multiple) {
        int w = alignedWindow(multiple);
        if (whole() || width <= Math.max(w, wholeUpTo)) {
            return List.of(new Tile(0, width));
        }
        int stride = Math.max(multiple, (w - overlap) / multiple * multiple);
        int lastStart = (width - w) / multiple * multiple;
        List<Tile> tiles = new ArrayList<>();
        for (int s = 0; s < lastStart; s += stride) {
            tiles.add(new Tile(s, s + w));
        }
        tiles.add(new Tile(lastStart, width));
        return tiles;
    }

    /** The window rounded down to the network's input multiple (at least one multiple). */
    int alignedWindow(int multiple) {
        return Math.max(multiple, window / multiple * multiple);
    }

    /**
     * Blend weights of {@code tile}'s columns: 1 inside, a linear ramp over the overlap with a
     * neighbour on either side (never 0, so every column has weight).
     */
    public static float[] weights(List<Tile> tiles, int index) {
        Tile t = tiles.get(index);
        float[] w = new float[t.width()];
        int left = index > 0 ? tiles.get(index - 1).end() - t.start() : 0;
        int right = index < tiles.size() - 1 ? t.end() - tiles.get(index + 1).start() : 0;
        for (int i = 0; i < w.length; i++) {
            float v = 1f;
            if (left > 0) {
                v = Math.min(v, (i + 1f) / (left + 1f));
            }
            if (right > 0) {
                v = Math.min(v, (w.length - i) / (right + 1f));
            }
            w[i] = v;
        }
        return w;
    }

    @Override
    public String toString() {
        return whole() ? "whole image" : window + "-column windows overlapping by " + overlap
                + (wholeUpTo > window ? " beyond " + wholeUpTo + " columns (whole image up to that)" : "");
    }
}
