package io.veernet.model.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.veernet.model.tensor.ScriptedOps;

/**
 * One U-Net decoder step: bring the coarse features to the skip's resolution (1 x 1 convolution
 * and bilinear upsampling), concatenate the encoder's skip features, refine with a residual block,
 * optionally followed by CBAM.
 *
 * <p>Inputs: the coarse features and the skip features. Children: {@code up block [cbam]}.
 */
public class DecoderStage extends NamedBlock {

    private final int outChannels;
    private final Conv2d up;
    private final ResidualBlock block;
    private final Cbam cbam;

    /**
     * @param skipChannels channels of the encoder features joined at this resolution
     * @param outChannels channels produced (also the width the coarse features are projected to)
     * @param cbam whether to end with channel and spatial attention
     * @param norm {@code "group"} or {@code "batch"}
     */
    public DecoderStage(int skipChannels, int outChannels, boolean cbam, String norm) {
        this.outChannels = outChannels;
        // Transposed convolutions are not implemented on the PyTorch engine. A 1 x 1 convolution
        // commutes with bilinear interpolation (both linear, the weights sum to one), so projecting
        // before upsampling gives the same map as "upsample, then convolve" at a quarter the cost.
        up = child("up", Convs.conv1x1(outChannels, 1, true));
        block = child("block", new ResidualBlock(outChannels + skipChannels, outChannels, 1, norm));
        this.cbam = cbam ? child("cbam", new Cbam(outChannels)) : null;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray coarse = inputs.get(0);
        NDArray skip = inputs.get(1);
        Shape target = skip.getShape();
        NDArray refined;
        try (NDArray projected = apply(up, ps, coarse, training);
                // The plain bilinear kernel: DJL's interpolation takes the anti-aliased one, the same
                // values when enlarging at about twice the cost.
                NDArray upsampled = ScriptedOps.upsampleBilinear(projected, target.get(2), target.get(3));
                NDArray joined = upsampled.concat(skip, 1)) {
            refined = apply(block, ps, joined, training);
        }
        if (cbam == null) {
            return new NDList(refined);
        }
        try (NDArray r = refined) {
            return new NDList(apply(cbam, ps, r, training));
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape skip = inputShapes[1];
        return new Shape[] {new Shape(skip.get(0), outChannels, skip.get(2), skip.get(3))};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape skip = inputShapes[1];
        initialize(up, manager, dataType, inputShapes[0]);
        Shape joined = new Shape(skip.get(0), outChannels + skip.get(1), skip.get(2), skip.get(3));
        Shape out = initialize(block, manager, dataType, joined);
        if (cbam != null) {
            initialize(cbam, manager, dataType, out);
        }
    }
}
