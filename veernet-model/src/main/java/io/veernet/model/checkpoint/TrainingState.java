package io.veernet.model.checkpoint;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.veernet.model.averaging.Ema;
import io.veernet.model.averaging.EmaSet;
import io.veernet.model.averaging.SwaBuffer;
import io.veernet.model.averaging.WeightMaps;
import io.veernet.model.optim.Optimizer;
import io.veernet.model.optim.OptimizerState;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything a training run holds in tensors, saved to and restored from one checkpoint: the
 * weights, the optimizer's state, every EMA and the SWA average. The caller's own bookkeeping
 * (position, seeds, history) rides along in the metadata tree under its own keys.
 */
public final class TrainingState {

    private final Map<String, Parameter> parameters;
    private final Optimizer optimizer;
    private final EmaSet emas;
    private final SwaBuffer swa;

    public TrainingState(Map<String, Parameter> parameters, Optimizer optimizer, EmaSet emas, SwaBuffer swa) {
        this.parameters = parameters;
        this.optimizer = optimizer;
        this.emas = emas;
        this.swa = swa;
    }

    /**
     * Writes a checkpoint at (epoch, step); {@code meta} gains an {@code averages} entry with the
     * optimizer's name and step, each EMA's update count and the SWA count.
     */
    public Path save(CheckpointStore store, long epoch, long step, ObjectNode meta) throws IOException {
        Map<String, Map<String, NDArray>> groups = new LinkedHashMap<>();
        groups.put(Groups.MODEL, WeightMaps.live(parameters));
        OptimizerState state = optimizer.state();
        Groups.putOptimizer(groups, state);
        ObjectNode averages = meta.putObject("state");
        averages.putObject("optimizer").put("name", state.algorithm()).put("step", state.step());
        ObjectNode emaUpdates = averages.putObject("ema_updates");
        for (Ema ema : emas.all()) {
            emaUpdates.put(Groups.ema(ema.decay()), ema.updates());
            if (ema.updates() > 0) {
                groups.put(Groups.ema(ema.decay()), ema.weights());
            }
        }
        averages.put("swa_count", swa.count());
        if (swa.count() > 0) {
            groups.put(Groups.SWA, swa.weights());
        }
        return store.save(epoch, step, groups, meta);
    }

    /** Restores weights, optimizer, EMAs and SWA from a checkpoint written by {@link #save}. */
    public void restore(Checkpoint ckpt) {
        JsonNode state = ckpt.meta().path("state");
        if (state.isMissingNode()) {
            throw new IllegalArgumentException(ckpt.file() + ": not a training checkpoint (no 'state' entry)");
        }
        WeightMaps.load(ckpt.group(Groups.MODEL), parameters);
        optimizer.restore(new OptimizerState(state.path("optimizer").path("name").asText(),
                state.path("optimizer").path("step").asLong(), Groups.optimizerSlots(ckpt.groups())));
        for (Ema ema : emas.all()) {
            String group = Groups.ema(ema.decay());
            long updates = state.path("ema_updates").path(group).asLong(-1);
            if (updates < 0) {
                throw new IllegalArgumentException(ckpt.file() + ": holds no EMA with decay " + ema.decay());
            }
            if (updates > 0) {
                ema.restore(updates, ckpt.group(group));
            }
        }
        long swaCount = state.path("swa_count").asLong();
        if (swaCount > 0) {
            swa.restore(swaCount, ckpt.group(Groups.SWA));
        }
    }
}
