package io.veernet.model.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import java.util.ArrayList;
import java.util.List;

/**
 * Global context at the coarsest scale: the bottleneck features are projected to tokens, given a
 * 2-D position code, passed through transformer encoder layers, projected back and added to the
 * convolutional features. Which trace is curve 1 is a property of the whole trace (its style
 * along the depth axis), which convolutions alone see only locally.
 *
 * <p>Children: {@code inProj layer1..layerL norm outProj}.
 */
public class AttentionBottleneck extends NamedBlock {

    private final int dim;
    private final Conv2d inProj;
    private final List<TransformerLayer> layers = new ArrayList<>();
    private final LayerNorm norm;
    private final Conv2d outProj;

    /**
     * @param channels channels of the feature map (kept)
     * @param dim token width the features are projected to
     * @param layers transformer layers, at least one
     * @param heads attention heads
     * @param dropout dropout inside the layers
     */
    public AttentionBottleneck(int channels, int dim, int layers, int heads, float dropout) {
        if (layers < 1) {
            throw new IllegalArgumentException("layers must be at least 1, got " + layers);
        }
        this.dim = dim;
        inProj = child("inProj", Convs.conv1x1(dim, 1, true));
        for (int i = 1; i <= layers; i++) {
            this.layers.add(child("layer" + i, new TransformerLayer(dim, heads, dropout)));
        }
        norm = child("norm", TransformerLayer.tokenNorm());
        outProj = child("outProj", Convs.conv1x1(channels, 1, true));
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Shape shape = x.getShape();
        long n = shape.get(0);
        int height = Math.toIntExact(shape.get(2));
        int width = Math.toIntExact(shape.get(3));
        NDArray tokens;
        try (NDArray projected = apply(inProj, ps, x, training);
                NDArray position = PositionalEncoding2d.create(x.getManager(), dim, height, width);
                NDArray placed = projected.add(position);
                NDArray flat = placed.reshape(n, dim, (long) height * width)) {
            tokens = flat.transpose(0, 2, 1); // (N, S, D), S = height * width positions
        }
        for (TransformerLayer layer : layers) {
            try (NDArray previous = tokens) {
                tokens = apply(layer, ps, previous, training);
            }
        }
        try (NDArray t = tokens;
                NDArray normed = apply(norm, ps, t, training);
                NDArray channelsFirst = normed.transpose(0, 2, 1);
                NDArray map = channelsFirst.reshape(n, dim, height, width);
                NDArray context = apply(outProj, ps, map, training)) {
            return new NDList(x.add(context));
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape x = inputShapes[0];
        initialize(inProj, manager, dataType, x);
        Shape tokens = new Shape(x.get(0), x.get(2) * x.get(3), dim);
        for (TransformerLayer layer : layers) {
            initialize(layer, manager, dataType, tokens);
        }
        initialize(norm, manager, dataType, tokens);
        initialize(outProj, manager, dataType, new Shape(x.get(0), dim, x.get(2), x.get(3)));
    }
}
