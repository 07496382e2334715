package io.veernet.data.curves;

import io.veernet.data.raster.LabelMask;

/**
 * Per-pixel class probabilities of one image, laid out (class, row, column) row-major: the
 * flattening of a DJL NCHW softmax output of batch size one.
 *
 * <p>{@code data} is held, not copied: the map of a full-size log is about 100 MB.
 *
 * @param classes number of classes C (class 0 is background)
 * @param height  rows H
 * @param width   columns W
 * @param data    C * H * W probabilities; p(k, y, x) is {@code data[(k * H + y) * W + x]}
 */
public record ClassProbabilities(int classes, int height, int width, float[] data) {

    public ClassProbabilities {
        if (classes < 2 || classes > Byte.MAX_VALUE) {
            throw new IllegalArgumentException("need 2 to " + Byte.MAX_VALUE + " classes, got " + classes);
        }
        if (height <= 0 || width <= 0) {
            throw new IllegalArgumentException("map size must be positive, got " + height + " x " + width);
        }
        long expected = (long) classes * height * width;
        if (data.length != expected) {
            throw new IllegalArgumentException("probability buffer holds " + data.length + " values, expected "
                    + classes + " x " + height + " x " + width + " = " + expected);
        }
    }

    /** Probability of class {@code k} at pixel (x, y). */
    public float get(int k, int y, int x) {
        return data[(k * height + y) * width + x];
    }

    /** The label map: at each pixel the most probable class, the lowest index on ties (as numpy and torch). */
    public LabelMask argmax() {
        int plane = height * width;
        byte[] labels = new byte[plane];
        for (int i = 0; i < plane; i++) {
            labels[i] = (byte) argmaxAt(i);
        }
        return new LabelMask(width, height, labels);
    }

    /** The most probable class at flat pixel index {@code i} (y * width + x). */
    int argmaxAt(int i) {
        int plane = height * width;
        int best = 0;
        float bestP = data[i];
        for (int k = 1, at = i + plane; k < classes; k++, at += plane) {
            if (data[at] > bestP) {
                bestP = data[at];
                best = k;
            }
        }
        return best;
    }
}
