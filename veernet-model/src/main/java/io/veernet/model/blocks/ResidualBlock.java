package io.veernet.model.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The basic residual block (He et al., 2016): conv-norm-ReLU, conv-norm, plus the input, then ReLU.
 * A 1 x 1 convolution with normalisation projects the shortcut when width or stride changes.
 *
 * <p>Children: {@code conv1 norm1 conv2 norm2} and, when projecting, {@code shortcut shortcutNorm}.
 */
public class ResidualBlock extends NamedBlock {

    private final Conv2d conv1;
    private final Block norm1;
    private final Conv2d conv2;
    private final Block norm2;
    private final Conv2d shortcut;
    private final Block shortcutNorm;

    /**
     * @param inChannels channels coming in (decides whether the shortcut needs a projection)
     * @param outChannels channels going out
     * @param stride 1, or 2 to halve height and width (in the first convolution and the shortcut)
     * @param norm {@code "group"} or {@code "batch"}
     */
    public ResidualBlock(int inChannels, int outChannels, int stride, String norm) {
        if (stride != 1 && stride != 2) {
            throw new IllegalArgumentException("stride must be 1 or 2, got " + stride);
        }
        conv1 = child("conv1", Convs.conv3x3(outChannels, stride));
        norm1 = child("norm1", Normalization.create(norm, outChannels));
        conv2 = child("conv2", Convs.conv3x3(outChannels, 1));
        norm2 = child("norm2", Normalization.create(norm, outChannels));
        if (inChannels != outChannels || stride != 1) {
            shortcut = child("shortcut", Convs.conv1x1(outChannels, stride, false));
            shortcutNorm = child("shortcutNorm", Normalization.create(norm, outChannels));
        } else {
            shortcut = null;
            shortcutNorm = null;
        }
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray hidden;
        try (NDArray c1 = apply(conv1, ps, x, training);
                NDArray n1 = apply(norm1, ps, c1, training)) {
            hidden = Activation.relu(n1);
        }
        // Closing intermediates frees them now rather than when the step's manager closes: the
        // autograd graph keeps its own references to whatever backward needs.
        try (NDArray h = hidden;
                NDArray c2 = apply(conv2, ps, h, training);
                NDArray n2 = apply(norm2, ps, c2, training);
                NDArray skip = shortcut == null ? null : projected(ps, x, training);
                NDArray sum = n2.add(skip == null ? x : skip)) {
            return new NDList(Activation.relu(sum));
        }
    }

    private NDArray projected(ParameterStore ps, NDArray x, boolean training) {
        try (NDArray s = apply(shortcut, ps, x, training)) {
            return apply(shortcutNorm, ps, s, training);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {outputShape(conv1, inputShapes[0])};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape hidden = initialize(conv1, manager, dataType, inputShapes[0]);
        initialize(norm1, manager, dataType, hidden);
        initialize(conv2, manager, dataType, hidden);
        initialize(norm2, manager, dataType, hidden);
        if (shortcut != null) {
            initialize(shortcutNorm, manager, dataType, initialize(shortcut, manager, dataType, inputShapes[0]));
        }
    }
}
