package io.veernet.model.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class PositionalEncoding2dTest {

    @Test
    void rowsFillTheFirstHalfAndColumnsTheSecond() {
        int dim = 8;
        int h = 3;
        int w = 5;
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray code = PositionalEncoding2d.create(manager, dim, h, w);
            assertEquals(new Shape(1, dim, h, w), code.getShape());
            float[] v = code.toFloatArray();
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    // channel 0: sin(row), channel 2: cos(row) (frequency 1); channel 4: sin(column)
                    assertEquals(Math.sin(y), v[(0 * h + y) * w + x], 1e-6);
                    assertEquals(Math.cos(y), v[(2 * h + y) * w + x], 1e-6);
                    assertEquals(Math.sin(x), v[(4 * h + y) * w + x], 1e-6);
                    // channel 5: sin(column / 100), the slower frequency
                    assertEquals(Math.sin(x / 100.0), v[(5 * h + y) * w + x], 1e-6);
                }
            }
        }
        // Every position along an axis gets its own code.
        float[] table = PositionalEncoding2d.axisTable(400, 16);
        for (int p = 1; p < 400; p++) {
            float[] row = java.util.Arrays.copyOfRange(table, p * 16, p * 16 + 16);
            for (int q = 0; q < p; q++) {
                assertFalse(java.util.Arrays.equals(row, java.util.Arrays.copyOfRange(table, q * 16, q * 16 + 16)),
                        "positions " + q + " and " + p);
            }
        }
    }
}
