package io.veernet.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.veernet.data.raster.GrayImage;
import io.veernet.data.raster.LabelMask;

/**
 * Turns rasters into the network's arrays. The input convention is fixed project-wide: ink density
 * x = (255 - gray) / 255 as float32 of the scan as the model's {@link InkInput} reads it, shape
 * (1, 1, H, W), so paper-white is 0 and padding with zeros is padding with paper.
 */
public final class ModelInputs {

    private ModelInputs() {}

    /** The ink density of an 8-bit gray image, shape (1, 1, height, width), float32. */
    public static NDArray inkDensity(NDManager manager, GrayImage image) {
        return ink(manager, image, InkInput.DENSITY);
    }

    /** What a network reading {@code input} sees of {@code image}, shape (1, 1, height, width), float32. */
    public static NDArray ink(NDManager manager, GrayImage image, InkInput input) {
        return manager.create(input.of(image), new Shape(1, 1, image.height(), image.width()));
    }

    /**
     * Class labels of a mask, shape (1, 1, height, width), int64: the layout
     * {@code SoftmaxCrossEntropyLoss(name, 1, 1, true, true)} expects for (1, 3, H, W) logits.
     */
    public static NDArray labels(NDManager manager, LabelMask mask) {
        byte[] classes = mask.labels();
        long[] labels = new long[classes.length];
        for (int i = 0; i < classes.length; i++) {
            labels[i] = classes[i];
        }
        return manager.create(labels, new Shape(1, 1, mask.height(), mask.width()));
    }
}
