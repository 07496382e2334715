package io.veernet.model.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * A fixed 2-D sine/cosine position code (the 1-D code of Vaswani et al., 2017, per axis, as in
 * DETR and MAE): the first half of the channels encodes the row, the second half the column.
 * It is computed for the actual bottleneck size, so any image width works, and has no weights.
 */
public final class PositionalEncoding2d {

    private static final double BASE = 10_000.0;

    private PositionalEncoding2d() {}

    /**
     * The code along one axis: row {@code p} holds {@code sin(p w_k)} in columns {@code k} and
     * {@code cos(p w_k)} in columns {@code k + channels / 2}, with {@code w_k = BASE^(-2k/channels)}.
     *
     * @param length positions along the axis
     * @param channels channels for this axis (even)
     * @return a row-major {@code length x channels} table
     */
    public static float[] axisTable(int length, int channels) {
        if (channels % 2 != 0) {
            throw new IllegalArgumentException("channels must be even, got " + channels);
        }
        int half = channels / 2;
        float[] table = new float[length * channels];
        for (int k = 0; k < half; k++) {
            double frequency = StrictMath.pow(BASE, -(double) k / half);
            for (int p = 0; p < length; p++) {
                double angle = p * frequency;
                table[p * channels + k] = (float) StrictMath.sin(angle);
                table[p * channels + half + k] = (float) StrictMath.cos(angle);
            }
        }
        return table;
    }

    /**
     * The code as an array of shape {@code (1, dim, height, width)}, created in {@code manager}.
     *
     * @param dim channels, a multiple of 4
     */
    public static NDArray create(NDManager manager, int dim, int height, int width) {
        if (dim % 4 != 0) {
            throw new IllegalArgumentException("dim must be a multiple of 4, got " + dim);
        }
        int half = dim / 2;
        // Two small tables built here, broadcast to the grid by the engine: a handful of calls
        // instead of dim x height x width sines in Java.
        try (NDArray rows = manager.create(axisTable(height, half), new Shape(height, half));
                NDArray cols = manager.create(axisTable(width, half), new Shape(width, half));
                NDArray rowsByChannel = rows.transpose();
                NDArray colsByChannel = cols.transpose();
                NDArray rowColumn = rowsByChannel.reshape(half, height, 1);
                NDArray colRow = colsByChannel.reshape(half, 1, width);
                NDArray rowGrid = rowColumn.broadcast(half, height, width);
                NDArray colGrid = colRow.broadcast(half, height, width);
                NDArray grid = rowGrid.concat(colGrid, 0)) {
            return grid.reshape(1, dim, height, width);
        }
    }
}
