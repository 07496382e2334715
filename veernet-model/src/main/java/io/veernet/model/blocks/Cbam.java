package io.veernet.model.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Convolutional block attention module (Woo et al., 2018): reweights the channels from their
 * average- and max-pooled descriptors, then the positions from a 7 x 7 convolution over the
 * channel mean and max. Thin curves are few pixels in a wide image; the spatial gate lets the
 * decoder stress them over the grid.
 *
 * <p>Children: {@code fc1 fc2} (shared channel MLP) and {@code spatial}.
 */
public class Cbam extends NamedBlock {

    private static final int REDUCTION = 8;
    private static final int MIN_HIDDEN = 4;
    private static final int SPATIAL_KERNEL = 7;

    private final int channels;
    private final Linear fc1;
    private final Linear fc2;
    private final Conv2d spatial;

    /** Attention over a feature map with {@code channels} channels. */
    public Cbam(int channels) {
        this.channels = channels;
        int hidden = Math.max(channels / REDUCTION, MIN_HIDDEN);
        fc1 = child("fc1", Linear.builder().setUnits(hidden).build());
        fc2 = child("fc2", Linear.builder().setUnits(channels).build());
        spatial = child("spatial", Convs.conv(1, SPATIAL_KERNEL, 1, true));
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        long n = x.getShape().get(0);
        NDArray channelGated;
        // Both pooled descriptors go through the shared MLP as one batch of 2N rows.
        // The engine reduces one axis at a time: flatten the positions first.
        try (NDArray positions = x.reshape(n, channels, -1);
                NDArray avg = positions.mean(new int[] {2});
                NDArray max = positions.max(new int[] {2});
                NDArray pooled = avg.concat(max, 0);
                NDArray hidden = apply(fc1, ps, pooled, training);
                NDArray activated = Activation.relu(hidden);
                NDArray logits = apply(fc2, ps, activated, training);
                NDArray pairs = logits.reshape(2, n, channels);
                NDArray summed = pairs.sum(new int[] {0});
                NDArray gate = Activation.sigmoid(summed);
                NDArray gate4d = gate.reshape(n, channels, 1, 1)) {
            channelGated = x.mul(gate4d);
        }
        try (NDArray y = channelGated;
                NDArray avg = y.mean(new int[] {1}, true);
                NDArray max = y.max(new int[] {1}, true);
                NDArray descriptor = avg.concat(max, 1);
                NDArray logits = apply(spatial, ps, descriptor, training);
                NDArray gate = Activation.sigmoid(logits)) {
            return new NDList(y.mul(gate));
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape x = inputShapes[0];
        Shape pooled = new Shape(2 * x.get(0), channels);
        initialize(fc2, manager, dataType, initialize(fc1, manager, dataType, pooled));
        initialize(spatial, manager, dataType, new Shape(x.get(0), 2, x.get(2), x.get(3)));
    }
}
