package io.veernet.data.raster;

/**
 * The one resampler between an input's resolution and the model's working geometry.
 *
 * <p>Reduction is area averaging: output pixel u along an axis of scale s = source/target covers
 * the source interval [u s, (u + 1) s] and is the mean of the source pixels weighted by their
 * overlap with it, so a thin stroke becomes a lighter, wider one, as in a reduced scan. Coordinates
 * use pixel centres (pixel i's centre is i) and map by {@code source = (target + 0.5) s - 0.5};
 * {@link #toSource} and {@link #toTarget} are that map and its inverse, used to bring extracted
 * rows back to the input's pixels. Maps (class probabilities) are brought back to the input size by
 * bilinear interpolation at the same mapped coordinates.
 */
public final class Resampler {

    private Resampler() {
    }

    /** A coordinate of the target (resampled) grid in the source grid. */
    public static double toSource(double target, int sourceSize, int targetSize) {
        return (target + 0.5) * sourceSize / targetSize - 0.5;
    }

    /** A coordinate of the source grid in the target grid. */
    public static double toTarget(double source, int sourceSize, int targetSize) {
        return (source + 0.5) * targetSize / sourceSize - 0.5;
    }

    /** The image at {@code width} x {@code height} by area averaging (the same image when the size is unchanged). */
    public static GrayImage resize(GrayImage src, int width, int height) {
        return resize(src, width, height, Reduction.AREA);
    }

    /**
     * The image at {@code width} x {@code height}, reduced by {@code reduction} (area averaging when
     * enlarging). The source is read one row at a time: besides the output, only the row-reduced
     * planes (target width x source height) are held, never a float copy of a full-size scan.
     */
    public static GrayImage resize(GrayImage src, int width, int height, Reduction reduction) {
        if (src.width() == width && src.height() == height) {
            return src;
        }
        boolean reducing = width < src.width() && height < src.height();
        Reduction r = reducing ? reduction : Reduction.AREA;
        float[] out = switch (r) {
            case AREA -> separable(src, width, height, false, false);
            case DARKEST -> separable(src, width, height, true, true);
            case DARKEST_ROWS -> separable(src, width, height, false, true);
            case BLEND -> {
                float[] area = separable(src, width, height, false, false);
                float[] dark = separable(src, width, height, true, true);
                for (int i = 0; i < area.length; i++) {
                    area[i] = 0.5f * (area[i] + dark[i]);
                }
                yield area;
            }
        };
        byte[] px = new byte[out.length];
        for (int i = 0; i < out.length; i++) {
            px[i] = (byte) Math.max(0, Math.min(255, Math.round(out[i])));
        }
        return new GrayImage(width, height, px);
    }

    /** {@link #separable(float[], int, int, int, int, boolean, boolean)} on an 8-bit image, converting one row at a time. */
    private static float[] separable(GrayImage src, int dw, int dh, boolean minAlongRows, boolean minDownColumns) {
        int sw = src.width();
        int sh = src.height();
        byte[] px = src.pixels();
        float[] row = new float[sw];
        float[] horizontal = new float[dw * sh];
        Weights wx = Weights.of(sw, dw);
        for (int y = 0; y < sh; y++) {
            for (int x = 0; x < sw; x++) {
                row[x] = px[y * sw + x] & 0xFF;
            }
            wx.apply(row, 0, 1, horizontal, y * dw, 1, minAlongRows);
        }
        return columns(horizontal, sh, dw, dh, minDownColumns);
    }

    /** A row-major plane resized by area averaging. */
    public static float[] area(float[] src, int sw, int sh, int dw, int dh) {
        return separable(src, sw, sh, dw, dh, false, false);
    }

    /** A row-major plane reduced so that each target pixel is the minimum of the source pixels its area overlaps. */
    public static float[] darkest(float[] src, int sw, int sh, int dw, int dh) {
        return separable(src, sw, sh, dw, dh, true, true);
    }

    /**
     * Along each row, then down each column, by the overlap weights: their weighted mean, or (per
     * axis) the minimum over positive weights.
     */
    private static float[] separable(float[] src, int sw, int sh, int dw, int dh, boolean minAlongRows,
                                     boolean minDownColumns) {
        float[] horizontal = new float[dw * sh];
        Weights wx = Weights.of(sw, dw);
        for (int y = 0; y < sh; y++) {
            wx.apply(src, y * sw, 1, horizontal, y * dw, 1, minAlongRows);
        }
        return columns(horizontal, sh, dw, dh, minDownColumns);
    }

    /** The second pass: down each of the {@code dw} columns of a row-reduced plane, {@code sh} rows to {@code dh}. */
    private static float[] columns(float[] horizontal, int sh, int dw, int dh, boolean minimum) {
        float[] out = new float[dw * dh];
        Weights wy = Weights.of(sh, dh);
        for (int x = 0; x < dw; x++) {
            wy.apply(horizontal, x, dw, out, x, dw, minimum);
        }
        return out;
    }

    /**
     * A plane of size sw x sh brought to dw x dh by bilinear interpolation at the mapped pixel
     * centres (edges clamped): how a working-geometry probability map returns to the input size.
     */
    public static float[] bilinear(float[] src, int sw, int sh, int dw, int dh) {
        float[] out = new float[dw * dh];
        int[] x0 = new int[dw];
        float[] fx = new float[dw];
        for (int u = 0; u < dw; u++) {
            double x = Math.max(0, Math.min(sw - 1, toTarget(u, dw, sw)));
            x0[u] = Math.min(sw - 2 < 0 ? 0 : sw - 2, (int) Math.floor(x));
            fx[u] = (float) (x - x0[u]);
        }
        for (int v = 0; v < dh; v++) {
            double y = Math.max(0, Math.min(sh - 1, toTarget(v, dh, sh)));
            int y0 = Math.min(sh - 2 < 0 ? 0 : sh - 2, (int) Math.floor(y));
            float fy = (float) (y - y0);
            int y1 = Math.min(sh - 1, y0 + 1);
            for (int u = 0; u < dw; u++) {
                int xa = x0[u];
                int xb = Math.min(sw - 1, xa + 1);
                float top = src[y0 * sw + xa] + fx[u] * (src[y0 * sw + xb] - src[y0 * sw + xa]);
                float bottom = src[y1 * sw + xa] + fx[u] * (src[y1 * sw + xb] - src[y1 * sw + xa]);
                out[v * dw + u] = top + fy * (bottom - top);
            }
        }
        return out;
    }

    /** Per target pixel along one axis, the source pixels it overlaps and their weights (summing to 1). */
    private record Weights(int[] first, float[][] weight) {
        static Weights of(int source, int target) {
            double s = source / (double) target;
            int[] first = new int[target];
            float[][] weight = new float[target][];
            for (int u = 0; u < target; u++) {
                double a = u * s;
                double b = Math.min(source, (u + 1) * s);
                int i0 = (int) Math.floor(a);
                int i1 = Math.min(source - 1, (int) Math.ceil(b) - 1);
                float[] w = new float[Math.max(1, i1 - i0 + 1)];
                double sum = 0;
                for (int i = i0; i <= i1; i++) {
                    double overlap = Math.min(b, i + 1) - Math.max(a, i);
                    w[i - i0] = (float) Math.max(0, overlap);
                    sum += w[i - i0];
                }
                for (int k = 0; k < w.length; k++) {
                    w[k] /= (float) sum;
                }
                first[u] = i0;
                weight[u] = w;
            }
            return new Weights(first, weight);
        }

        /** Per target pixel, the weighted mean of its source pixels, or with {@code minimum} the least of those with a positive weight. */
        void apply(float[] src, int srcOffset, int srcStride, float[] dst, int dstOffset, int dstStride, boolean minimum) {
            for (int u = 0; u < first.length; u++) {
                float[] w = weight[u];
                float acc = minimum ? Float.POSITIVE_INFINITY : 0;
                int at = srcOffset + first[u] * srcStride;
                for (float wk : w) {
                    if (!minimum) {
                        acc += wk * src[at];
                    } else if (wk > 1e-6f) {
                        acc = Math.min(acc, src[at]);
                    }
                    at += srcStride;
                }
                dst[dstOffset + u * dstStride] = acc;
            }
        }
    }
}
