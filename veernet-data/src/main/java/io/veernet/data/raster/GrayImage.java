package io.veernet.data.raster;

/**
 * An 8-bit grayscale image, row-major: pixel (x, y) is {@code pixels[y * width + x] & 0xFF},
 * 0 black ink, 255 white paper.
 */
public record GrayImage(int width, int height, byte[] pixels) {

    public GrayImage {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image size must be positive, got " + width + " x " + height);
        }
        if (pixels.length != (long) width * height) {
            throw new IllegalArgumentException("pixel buffer holds " + pixels.length + " values, expected "
                    + width + " x " + height);
        }
    }

    public static GrayImage blank(int width, int height) {
        return new GrayImage(width, height, new byte[width * height]);
    }

    public int get(int x, int y) {
        return pixels[y * width + x] & 0xFF;
    }
}
