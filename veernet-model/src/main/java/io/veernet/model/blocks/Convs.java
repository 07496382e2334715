package io.veernet.model.blocks;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.initializer.XavierInitializer;

/** Square 2-D convolutions with "same" padding and He initialisation (ReLU networks). */
public final class Convs {

    private Convs() {}

    /**
     * A k x k convolution with padding k / 2, so stride 1 keeps the size and stride 2 halves it.
     *
     * @param bias false when a normalisation follows: its shift makes a bias redundant (and, under
     *     BatchNorm, gradient-free)
     */
    public static Conv2d conv(int filters, int kernel, int stride, boolean bias) {
        if (kernel % 2 == 0) {
            throw new IllegalArgumentException("kernel must be odd to keep the size, got " + kernel);
        }
        Conv2d conv = Conv2d.builder()
                .setFilters(filters)
                .setKernelShape(new Shape(kernel, kernel))
                .optStride(new Shape(stride, stride))
                .optPadding(new Shape(kernel / 2, kernel / 2))
                .optBias(bias)
                .build();
        // He et al. (2015): variance 2 / fan_in keeps activations at scale through ReLU stacks.
        conv.setInitializer(new XavierInitializer(
                XavierInitializer.RandomType.GAUSSIAN, XavierInitializer.FactorType.IN, 2), Parameter.Type.WEIGHT);
        return conv;
    }

    /** A 3 x 3 convolution without bias, for use before a normalisation. */
    public static Conv2d conv3x3(int filters, int stride) {
        return conv(filters, 3, stride, false);
    }

    /** A 1 x 1 convolution (per-pixel linear map of the channels). */
    public static Conv2d conv1x1(int filters, int stride, boolean bias) {
        return conv(filters, 1, stride, bias);
    }
}
