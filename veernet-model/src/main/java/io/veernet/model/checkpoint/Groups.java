package io.veernet.model.checkpoint;

import ai.djl.ndarray.NDArray;
import io.veernet.model.optim.OptimizerState;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The tensor-group names of a training checkpoint: {@code model}, {@code optimizer.<slot>} per
 * optimizer slot, then each averager's groups (see {@link TrainingState}); one SafeTensors file each.
 */
public final class Groups {

    /** The model's weights (all parameters, BatchNorm statistics included). */
    public static final String MODEL = "model";
    /** The SWA average. */
    public static final String SWA = "swa";
    /** Prefix of the optimizer slot groups. */
    public static final String OPTIMIZER_PREFIX = "optimizer.";

    private Groups() {}

    /** {@code optimizer.exp_avg} for slot {@code exp_avg}. */
    public static String optimizerSlot(String slot) {
        return OPTIMIZER_PREFIX + slot;
    }

    /** Adds one group per slot of {@code state} to {@code groups}. */
    public static void putOptimizer(Map<String, Map<String, NDArray>> groups, OptimizerState state) {
        state.slots().forEach((slot, arrays) -> groups.put(optimizerSlot(slot), arrays));
    }

    /** The optimizer slot groups of a checkpoint, keyed by slot name. */
    public static Map<String, Map<String, NDArray>> optimizerSlots(Map<String, Map<String, NDArray>> groups) {
        Map<String, Map<String, NDArray>> slots = new LinkedHashMap<>();
        groups.forEach((name, arrays) -> {
            if (name.startsWith(OPTIMIZER_PREFIX)) {
                slots.put(name.substring(OPTIMIZER_PREFIX.length()), arrays);
            }
        });
        return slots;
    }
}
