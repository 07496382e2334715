package io.veernet.data.raster;

/**
 * A per-pixel class map, row-major: 0 background, 1 curve 1, 2 curve 2.
 */
public record LabelMask(int width, int height, byte[] labels) {

    public static final int CLASSES = 3;

    public LabelMask {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("mask size must be positive, got " + width + " x " + height);
        }
        if (labels.length != (long) width * height) {
            throw new IllegalArgumentException("label buffer holds " + labels.length + " values, expected "
                    + width + " x " + height);
        }
    }

    public static LabelMask blank(int width, int height) {
        return new LabelMask(width, height, new byte[width * height]);
    }

    public int get(int x, int y) {
        return labels[y * width + x];
    }
}
