package io.veernet.model.averaging;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import io.veernet.model.tensor.NamedArrays;
import io.veernet.model.tensor.NoGrad;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;

/**
 * Recomputes BatchNorm running statistics for (averaged) weights with one pass over given inputs,
 * as a cumulative average over batches (torch's swa_utils.update_bn with momentum None).
 *
 * <p>DJL's BatchNorm has a fixed momentum (torch momentum = 1 - DJL momentum) and no setter. For
 * the pass we set that private field to 0 by reflection, so each training-mode forward leaves
 * exactly that batch's mean and unbiased variance in the running arrays; we read them and keep
 * our own cumulative mean {@code c += (b - c) / (n + 1)}, write it back at the end and restore
 * the momentum. The result is independent of the statistics before the call (reset is implied).
 * Models without BatchNorm (GroupNorm has no statistics) are left alone.
 */
public final class BatchNormRecalibration {

    private BatchNormRecalibration() {}

    /**
     * Runs {@code block} in training mode over {@code inputs} (grad mode off, temporaries freed
     * per batch) and sets every BatchNorm layer's running mean and variance to the average of the
     * per-batch statistics. Returns the number of batches seen (0 if the block has no BatchNorm).
     */
    @SuppressWarnings("try") // NoGrad is a scope guard, never referenced inside
    public static int recalibrate(Block block, Iterable<NDList> inputs) {
        List<BatchNorm> layers = new ArrayList<>();
        collect(block, layers);
        if (layers.isEmpty()) {
            return 0;
        }
        Field momentum = momentumField();
        float[] saved = new float[layers.size()];
        try {
            for (int i = 0; i < layers.size(); i++) {
                saved[i] = momentum.getFloat(layers.get(i));
            }
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot read BatchNorm momentum", e);
        }
        NDManager accManager = runningArray(layers.get(0), "runningMean").getManager().newSubManager();
        try (NoGrad ignored = NoGrad.enter(); accManager) {
            for (BatchNorm layer : layers) {
                momentum.setFloat(layer, 0f);
            }
            NDArray[] means = new NDArray[layers.size()];
            NDArray[] vars = new NDArray[layers.size()];
            int batches = 0;
            for (NDList batch : inputs) {
                forward(block, batch);
                try (NDManager scope = accManager.newSubManager()) {
                    NDArray coef = scope.create((float) (1.0 / (batches + 1)));
                    for (int i = 0; i < layers.size(); i++) {
                        NDArray mean = runningArray(layers.get(i), "runningMean");
                        NDArray var = runningArray(layers.get(i), "runningVar");
                        if (batches == 0) {
                            means[i] = WeightMaps.detachedCopy(mean, accManager);
                            vars[i] = WeightMaps.detachedCopy(var, accManager);
                        } else {
                            WeightMaps.blendInto(means[i], mean, coef);
                            WeightMaps.blendInto(vars[i], var, coef);
                        }
                    }
                }
                batches++;
            }
            if (batches == 0) {
                throw new IllegalArgumentException("no inputs to recalibrate BatchNorm statistics on");
            }
            for (int i = 0; i < layers.size(); i++) {
                NamedArrays.copyInto(runningArray(layers.get(i), "runningMean"), means[i]);
                NamedArrays.copyInto(runningArray(layers.get(i), "runningVar"), vars[i]);
            }
            return batches;
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot set BatchNorm momentum", e);
        } finally {
            for (int i = 0; i < layers.size(); i++) {
                try {
                    momentum.setFloat(layers.get(i), saved[i]);
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException("cannot restore BatchNorm momentum", e);
                }
            }
        }
    }

    /** One training-mode forward whose temporaries and outputs are freed before returning. */
    private static void forward(Block block, NDList batch) {
        NDManager owner = batch.head().getManager();
        try (NDManager scope = owner.newSubManager()) {
            batch.tempAttach(scope);
            block.forward(new ParameterStore(scope, false), batch, true);
        }
    }

    private static void collect(Block block, List<BatchNorm> out) {
        if (block instanceof BatchNorm bn) {
            out.add(bn);
        }
        for (Pair<String, Block> child : block.getChildren()) {
            collect(child.getValue(), out);
        }
    }

    private static NDArray runningArray(BatchNorm layer, String name) {
        return layer.getParameters().get(name).getArray();
    }

    private static Field momentumField() {
        try {
            Field f = BatchNorm.class.getDeclaredField("momentum");
            f.setAccessible(true);
            return f;
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException(
                    "cannot reach DJL BatchNorm's momentum field (DJL internals changed?)", e);
        }
    }
}
