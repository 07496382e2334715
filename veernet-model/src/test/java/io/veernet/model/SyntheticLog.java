package io.veernet.model;

import io.veernet.data.raster.GrayImage;
import io.veernet.data.raster.LabelMask;

/** A tiny hand-drawn well log for tests: a grid, a heavy dark curve 1 and a thin light curve 2. */
record SyntheticLog(GrayImage image, LabelMask mask) {

    static SyntheticLog draw(int height, int width) {
        byte[] gray = new byte[height * width];
        byte[] labels = new byte[height * width];
        java.util.Arrays.fill(gray, (byte) 245);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                if (x % 32 == 0 || y % 16 == 0) {
                    gray[y * width + x] = (byte) 200; // grid lines
                }
            }
        }
        int previous1 = -1;
        int previous2 = -1;
        for (int x = 0; x < width; x++) {
            int y1 = (int) Math.round(height * 0.35 + height * 0.2 * Math.sin(x / 19.0));
            int y2 = (int) Math.round(height * 0.6 + height * 0.25 * Math.cos(x / 13.0 + 1));
            previous1 = stroke(gray, labels, width, x, y1, previous1, 2, 20, (byte) 1);
            previous2 = stroke(gray, labels, width, x, y2, previous2, 1, 110, (byte) 2);
        }
        return new SyntheticLog(new GrayImage(width, height, gray), new LabelMask(width, height, labels));
    }

    /** Draws the column span joining the previous row to {@code y}, {@code thickness} pixels thick. */
    private static int stroke(byte[] gray, byte[] labels, int width, int x, int y, int previous, int thickness,
            int ink, byte label) {
        int height = gray.length / width;
        int from = previous < 0 ? y : Math.min(previous, y);
        int to = previous < 0 ? y : Math.max(previous, y);
        for (int row = from; row <= to + thickness - 1; row++) {
            if (row >= 0 && row < height) {
                gray[row * width + x] = (byte) ink;
                labels[row * width + x] = label;
            }
        }
        return y;
    }
}
