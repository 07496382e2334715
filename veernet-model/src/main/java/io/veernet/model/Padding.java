package io.veernet.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Where an image sits on the canvas the network sees: the canvas is the image padded at the bottom
 * and right with paper-white (ink density 0) up to a multiple of the network stride.
 *
 * @param height image rows
 * @param width image columns
 * @param paddedHeight canvas rows, a multiple of the stride
 * @param paddedWidth canvas columns, a multiple of the stride
 */
public record Padding(int height, int width, int paddedHeight, int paddedWidth) {

    public Padding {
        if (height < 1 || width < 1 || paddedHeight < height || paddedWidth < width) {
            throw new IllegalArgumentException("padding must hold the image, got " + height + " x " + width
                    + " on " + paddedHeight + " x " + paddedWidth);
        }
    }

    /** The smallest canvas of multiples of {@code multiple} that holds a {@code height x width} image. */
    public static Padding toMultiple(int height, int width, int multiple) {
        if (multiple < 1) {
            throw new IllegalArgumentException("multiple must be positive, got " + multiple);
        }
        return new Padding(height, width, roundUp(height, multiple), roundUp(width, multiple));
    }

    private static int roundUp(int value, int multiple) {
        return Math.toIntExact((value + (long) multiple - 1) / multiple * multiple);
    }

    /** Whether the canvas is the image itself. */
    public boolean isNone() {
        return height == paddedHeight && width == paddedWidth;
    }

    /**
     * Pads an (N, C, height, width) array with zeros (paper-white in ink density) to the canvas.
     *
     * @return {@code x} itself when there is nothing to pad, else a new array
     */
    public NDArray pad(NDArray x) {
        requireSize(x, height, width);
        if (isNone()) {
            return x;
        }
        // Pads are given last axis first: (left, right) of the columns, then (top, bottom) of the rows.
        return x.pad(new Shape(0, paddedWidth - width, 0, paddedHeight - height), 0);
    }

    /**
     * The image region of an (N, C, paddedHeight, paddedWidth) array, such as padded logits.
     *
     * @return {@code y} itself when there is nothing to crop, else a view of it
     */
    public NDArray crop(NDArray y) {
        requireSize(y, paddedHeight, paddedWidth);
        if (isNone()) {
            return y;
        }
        return y.get(new NDIndex(":, :, :{}, :{}", height, width));
    }

    /**
     * A (1, 1, paddedHeight, paddedWidth) float32 mask: 1 on the image, 0 on the padding. Multiply
     * a per-pixel loss by it (or index with it) to leave padded pixels out.
     */
    public NDArray validityMask(NDManager manager) {
        try (NDArray ones = manager.ones(new Shape(1, 1, height, width), DataType.FLOAT32)) {
            return ones.pad(new Shape(0, paddedWidth - width, 0, paddedHeight - height), 0);
        }
    }

    private static void requireSize(NDArray x, int rows, int cols) {
        Shape s = x.getShape();
        if (s.dimension() != 4 || s.get(2) != rows || s.get(3) != cols) {
            throw new IllegalArgumentException("expected an (N, C, " + rows + ", " + cols + ") array, got " + s);
        }
    }
}
