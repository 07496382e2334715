package io.veernet.model.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import java.util.Arrays;

/**
 * Group normalisation (Wu and He, 2018): each sample's channels are split into groups, each group
 * is normalised over its channels and positions, then a per-channel scale and shift is applied.
 *
 * <p>It keeps no running statistics, so it behaves the same at batch size one, in training and in
 * evaluation, and averaged weights (EMA, SWA) need no recalibration.
 */
public class GroupNorm extends AbstractBlock {

    /** The most groups used by {@link #defaultGroups(int)}. */
    public static final int MAX_GROUPS = 16;

    private static final float EPSILON = 1e-5f;

    private final int channels;
    private final int groups;
    private final Parameter gamma;
    private final Parameter beta;

    /** Normalises {@code channels} channels in {@link #defaultGroups(int)} groups. */
    public GroupNorm(int channels) {
        this(channels, defaultGroups(channels));
    }

    /** Normalises {@code channels} channels in {@code groups} groups. */
    public GroupNorm(int channels, int groups) {
        if (channels < 1 || groups < 1 || channels % groups != 0) {
            throw new IllegalArgumentException(
                    "groups must divide the channel count, got " + groups + " groups for " + channels + " channels");
        }
        this.channels = channels;
        this.groups = groups;
        gamma = addParameter(Parameter.builder().setName("gamma").setType(Parameter.Type.GAMMA)
                .optShape(new Shape(channels)).build());
        beta = addParameter(Parameter.builder().setName("beta").setType(Parameter.Type.BETA)
                .optShape(new Shape(channels)).build());
    }

    /**
     * The largest divisor of {@code channels} that is at most {@value #MAX_GROUPS} and leaves at
     * least two channels per group (one channel per group would be instance normalisation, which
     * erases the contrast between a thin curve and its own channel); 1 when no divisor qualifies.
     */
    public static int defaultGroups(int channels) {
        for (int g = Math.min(MAX_GROUPS, channels / 2); g > 1; g--) {
            if (channels % g == 0) {
                return g;
            }
        }
        return 1;
    }

    /** The number of groups. */
    public int groups() {
        return groups;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Shape shape = x.getShape();
        if (shape.dimension() < 2 || shape.get(1) != channels) {
            throw new IllegalArgumentException("GroupNorm over " + channels + " channels got input " + shape);
        }
        NDArray gammaArray = ps.getValue(gamma, x.getDevice(), training);
        NDArray betaArray = ps.getValue(beta, x.getDevice(), training);

        // (N, C, *) -> (N, G, C/G, *): layer norm over all but the first two axes is exactly group
        // norm without the affine map, and one fused native kernel (with its own backward) beats a
        // chain of mean/var/sub/div ops. It needs an element-wise weight, hence ones and zeros.
        long[] grouped = new long[shape.dimension() + 1];
        grouped[0] = shape.get(0);
        grouped[1] = groups;
        grouped[2] = channels / groups;
        for (int i = 2; i < shape.dimension(); i++) {
            grouped[i + 1] = shape.get(i);
        }
        Shape perGroup = new Shape(grouped).slice(2);
        long[] channelAxis = new long[grouped.length];
        Arrays.fill(channelAxis, 1);
        channelAxis[1] = groups;
        channelAxis[2] = channels / groups;
        NDManager manager = x.getManager();
        try (NDArray xg = x.reshape(new Shape(grouped));
                NDArray ones = manager.ones(perGroup, x.getDataType(), x.getDevice());
                NDArray zeros = manager.zeros(perGroup, x.getDataType(), x.getDevice());
                NDArray scale = gammaArray.reshape(new Shape(channelAxis));
                NDArray shift = betaArray.reshape(new Shape(channelAxis));
                NDArray normalised = LayerNorm.layerNorm(xg, perGroup, ones, zeros, EPSILON).singletonOrThrow()) {
            // In place on the fresh layer-norm output: two full-size temporaries fewer at inference;
            // in training autograd still saves what its backward needs (GroupNormTest checks the
            // gradients against the out-of-place formula). Closing the views above is safe too:
            // the graph holds its own references.
            normalised.muli(scale).addi(shift);
            return new NDList(normalised.reshape(shape));
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    protected void beforeInitialize(Shape... inputShapes) {
        super.beforeInitialize(inputShapes);
        if (inputShapes[0].get(1) != channels) {
            throw new IllegalArgumentException(
                    "GroupNorm over " + channels + " channels initialised for input " + inputShapes[0]);
        }
    }

    @Override
    public String toString() {
        return "GroupNorm(" + channels + ", groups=" + groups + ")";
    }
}
