package io.veernet.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.veernet.data.raster.GrayImage;
import io.veernet.data.raster.LabelMask;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PaddingTest {

    @Test
    void canvasIsTheNextMultipleOfTheStride() {
        assertEquals(new Padding(33, 517, 48, 528), Padding.toMultiple(33, 517, 16));
        assertEquals(new Padding(64, 1000, 64, 1008), Padding.toMultiple(64, 1000, 16));
        assertTrue(Padding.toMultiple(480, 3200, 32).isNone());
    }

    @Test
    void validityMaskIsOneExactlyOnTheInputRegion() {
        Padding padding = Padding.toMultiple(33, 517, 16);
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray mask = padding.validityMask(manager);
            assertEquals(new Shape(1, 1, 48, 528), mask.getShape());
            float[] values = mask.toFloatArray();
            for (int y = 0; y < 48; y++) {
                for (int x = 0; x < 528; x++) {
                    float expected = y < 33 && x < 517 ? 1f : 0f;
                    assertEquals(expected, values[y * 528 + x], "mask at row " + y + ", column " + x);
                }
            }
        }
    }

    @Test
    void padsWithPaperWhiteAndCropsBack() {
        Padding padding = Padding.toMultiple(3, 5, 4);
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.arange(1f, 16f).reshape(1, 1, 3, 5);
            NDArray padded = padding.pad(x);
            assertEquals(new Shape(1, 1, 4, 8), padded.getShape());
            float[] p = padded.toFloatArray();
            assertEquals(1f, p[0]);
            assertEquals(5f, p[4]);
            assertEquals(0f, p[5], "right padding is ink 0");
            assertEquals(6f, p[8]);
            assertEquals(0f, p[3 * 8], "bottom padding is ink 0");
            assertEquals(x.sum().getFloat(), padded.sum().getFloat());
            assertArrayEquals(x.toFloatArray(), padding.crop(padded).toFloatArray());

            Padding none = Padding.toMultiple(4, 8, 4);
            NDArray exact = manager.zeros(new Shape(1, 1, 4, 8));
            assertSame(exact, none.pad(exact));
            assertSame(exact, none.crop(exact));
        }
    }

    @Test
    void inkDensityIsInvertedGrayAndLabelsAreInt64() {
        GrayImage image = new GrayImage(3, 2, new byte[] {(byte) 255, 0, (byte) 128, 51, (byte) 204, (byte) 255});
        LabelMask mask = new LabelMask(3, 2, new byte[] {0, 1, 2, 0, 2, 1});
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray ink = ModelInputs.inkDensity(manager, image);
            assertEquals(new Shape(1, 1, 2, 3), ink.getShape());
            assertArrayEquals(new float[] {0f, 1f, 127 / 255f, 204 / 255f, 51 / 255f, 0f}, ink.toFloatArray(), 1e-7f);
            NDArray labels = ModelInputs.labels(manager, mask);
            assertEquals(ai.djl.ndarray.types.DataType.INT64, labels.getDataType());
            assertArrayEquals(new long[] {0, 1, 2, 0, 2, 1}, labels.toLongArray());
        }
    }
}
