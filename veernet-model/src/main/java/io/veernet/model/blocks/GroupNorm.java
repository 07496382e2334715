package io.veernet.model.blocks;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.veernet.model.tensor.EngineOps;

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
    private volatile NDArray[] identity;

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

        // (N, C, *) viewed as (N, G, rest): layer norm over the last axis is exactly group norm
        // without the affine map, in one fused kernel with a fused backward and no weight at all
        // (a weight would have to be an element-wise ones array the size of a whole group).
        long perGroup = shape.size() / (shape.get(0) * groups);
        try (NDArray xg = x.reshape(shape.get(0), groups, perGroup);
                NDArray normalisedGroups = EngineOps.layerNorm(xg, new long[] {perGroup}, EPSILON);
                NDArray normalised = normalisedGroups.reshape(shape)) {
            if (!training) {
                // Inference records no graph, so the affine map can go in place on the fresh
                // layer-norm output: no second full-size allocation (on a 640 x 12,800 scan each
                // is hundreds of MB of fresh pages) for two cheap passes.
                long[] channelAxis = new long[shape.dimension()];
                Arrays.fill(channelAxis, 1);
                channelAxis[1] = channels;
                try (NDArray scale = gammaArray.reshape(channelAxis);
                        NDArray shift = betaArray.reshape(channelAxis)) {
                    normalised.muli(scale).addi(shift);
                }
                return new NDList(normalised.reshape(shape));
            }
            // The per-channel affine map, out of place, as one native kernel: batch norm in
            // inference mode with mean 0, variance 1 and eps 0 computes exactly x * gamma + beta
            // (its per-channel factor is gamma / sqrt(1 + 0) = gamma), and its backward gives the
            // input, gamma and beta gradients in one pass. A mul and an add would be two kernels
            // forward and three backward; in place (muli/addi) autograd copies the whole output.
            NDArray[] stats = identityStatistics(gammaArray);
            NDArray out = x.getNDArrayInternal().batchNorm(normalised, stats[0], stats[1], gammaArray, betaArray,
                    -1, 0f, 0f, false).singletonOrThrow();
            return new NDList(out);
        }
    }

    /**
     * Zeros and ones of length C on gamma's device, made once (not per call): at initialisation,
     * in the initialising manager, which is the one that owns the parameters; again only if they
     * were freed or the parameters moved to another device.
     */
    private NDArray[] identityStatistics(NDArray gammaArray) {
        NDArray[] current = identity;
        if (current == null || current[0].isReleased() || !current[0].getDevice().equals(gammaArray.getDevice())) {
            current = makeIdentity(gammaArray.getManager(), gammaArray.getDataType(), gammaArray.getDevice());
        }
        return current;
    }

    private NDArray[] makeIdentity(NDManager manager, DataType dataType, Device device) {
        NDArray[] made = {
            manager.zeros(new Shape(channels), dataType, device),
            manager.ones(new Shape(channels), dataType, device)
        };
        identity = made;
        return made;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        NDArray[] old = identity;
        if (old != null && !old[0].isReleased() && old[0].getManager() == manager) {
            return;
        }
        makeIdentity(manager, dataType, manager.getDevice());
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
