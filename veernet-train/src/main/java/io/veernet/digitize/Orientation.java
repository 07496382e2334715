package io.veernet.digitize;

import io.veernet.data.raster.GrayImage;

/**
 * Turns a scan so depth runs along the width, the layout the network reads. A paper log scanned
 * upright (depth down the page, values across) is turned 90 degrees anticlockwise.
 */
public final class Orientation {

    private Orientation() {
    }

    /** The quarter turns anticlockwise for {@code auto|0|90|180|270}; auto turns tall scans by 90. */
    public static int degrees(String option, GrayImage image) {
        check(option);
        return switch (option) {
            case "auto" -> image.height() > image.width() ? 90 : 0;
            case "0", "90", "180", "270" -> Integer.parseInt(option);
            default -> throw new IllegalArgumentException("--rotate must be auto, 0, 90, 180 or 270, got " + option);
        };
    }

    /** Refuses a --rotate value before any scan is read or model loaded. */
    public static void check(String option) {
        if (!java.util.Set.of("auto", "0", "90", "180", "270").contains(option)) {
            throw new IllegalArgumentException("--rotate must be auto, 0, 90, 180 or 270, got " + option);
        }
    }

    /** The image turned anticlockwise by {@code degrees} (a multiple of 90). */
    public static GrayImage rotate(GrayImage image, int degrees) {
        int w = image.width();
        int h = image.height();
        byte[] src = image.pixels();
        return switch (degrees) {
            case 0 -> image;
            case 90 -> {
                // (x, y) -> (y, w - 1 - x): the top of the page goes to the left.
                byte[] dst = new byte[w * h];
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        dst[(w - 1 - x) * h + y] = src[y * w + x];
                    }
                }
                yield new GrayImage(h, w, dst);
            }
            case 180 -> {
                byte[] dst = new byte[w * h];
                for (int i = 0; i < src.length; i++) {
                    dst[src.length - 1 - i] = src[i];
                }
                yield new GrayImage(w, h, dst);
            }
            case 270 -> rotate(rotate(rotate(image, 90), 90), 90);
            default -> throw new IllegalArgumentException("rotation must be a multiple of 90, got " + degrees);
        };
    }
}
