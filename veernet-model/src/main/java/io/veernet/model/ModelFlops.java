package io.veernet.model;

/**
 * Floating-point operations of one VeerNet forward pass, counted from the architecture: every
 * convolution, linear layer and attention product as 2 x multiply-adds. Normalisation,
 * activations, upsampling and CBAM are left out (a few percent). A training step costs about three
 * forward passes (the backward pass computes gradients for inputs and weights).
 */
public final class ModelFlops {

    private ModelFlops() {
    }

    /** Forward FLOPs for one image of {@code height x width} (padded to the network's multiple). */
    public static double forward(ModelConfig c, int height, int width) {
        Padding p = Padding.toMultiple(height, width, c.minInputMultiple());
        double h = p.paddedHeight();
        double w = p.paddedWidth();
        double flops = residual(1, c.width(0), h, w);
        for (int i = 1; i <= c.depth(); i++) {
            flops += residual(c.width(i - 1), c.width(i), h / (1 << i), w / (1 << i));
        }
        double tokens = h / (1 << c.depth()) * (w / (1 << c.depth()));
        if (c.hasAttention()) {
            int d = c.attentionDim();
            flops += conv(c.width(c.depth()), d, 1, tokens) + conv(d, c.width(c.depth()), 1, tokens);
            double perLayer = conv(d, 3 * d, 1, tokens) + conv(d, d, 1, tokens) // qkv, output projection
                    + 2 * 2.0 * tokens * tokens * d                               // Q K^T and A V
                    + conv(d, 4 * d, 1, tokens) + conv(4 * d, d, 1, tokens);     // the MLP
            flops += c.attentionLayers() * perLayer;
        }
        for (int i = c.depth(); i >= 1; i--) {
            double coarse = h / (1 << i) * (w / (1 << i));
            flops += conv(c.width(i), c.width(i - 1), 1, coarse);
            flops += residual(2 * c.width(i - 1), c.width(i - 1), h / (1 << (i - 1)), w / (1 << (i - 1)));
        }
        flops += conv(c.width(0), ModelConfig.CLASSES, 1, h * w);
        return flops;
    }

    /** A training step: forward plus backward, about three forward passes. */
    public static double trainingStep(ModelConfig c, int height, int width) {
        return 3 * forward(c, height, width);
    }

    /** A residual block producing {@code out} channels at h x w (conv1, conv2, and the projecting shortcut). */
    private static double residual(int in, int out, double h, double w) {
        double pixels = h * w;
        double flops = conv(in, out, 3, pixels) + conv(out, out, 3, pixels);
        return in != out ? flops + conv(in, out, 1, pixels) : flops;
    }

    private static double conv(int in, int out, int k, double pixels) {
        return 2.0 * in * out * k * k * pixels;
    }
}
