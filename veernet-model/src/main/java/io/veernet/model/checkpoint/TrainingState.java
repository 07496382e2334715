package io.veernet.model.checkpoint;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.veernet.model.averaging.Averager;
import io.veernet.model.averaging.AveragerState;
import io.veernet.model.averaging.WeightMaps;
import io.veernet.model.optim.Optimizer;
import io.veernet.model.optim.OptimizerState;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a training run holds in tensors, saved to and restored from one checkpoint: the
 * weights, the optimizer's state and every averager's state, whatever its kind. The caller's own
 * bookkeeping (position, seeds, history) rides along in the metadata tree under its own keys.
 *
 * <p>An averager's servable weights are the group named like the averager ({@code ema-4ep},
 * {@code swa}); its other parts are groups {@code NAME.PART}. {@code state.averagers} in the
 * metadata lists every averager by name with its kind, count and scalars, in the run's order.
 */
public final class TrainingState {

    private final Map<String, Parameter> parameters;
    private final Optimizer optimizer;
    private final List<Averager> averagers;

    public TrainingState(Map<String, Parameter> parameters, Optimizer optimizer, List<? extends Averager> averagers) {
        this.parameters = parameters;
        this.optimizer = optimizer;
        this.averagers = List.copyOf(averagers);
    }

    /** The checkpoint group of an averager's part. */
    public static String group(String averager, String part) {
        return part.equals(AveragerState.WEIGHTS) ? averager : averager + "." + part;
    }

    /**
     * Writes a checkpoint at (epoch, step); {@code meta} gains a {@code state} entry with the
     * optimizer's name and step and every averager's kind, count and scalars.
     */
    public Path save(CheckpointStore store, long epoch, long step, ObjectNode meta) throws IOException {
        Map<String, Map<String, NDArray>> groups = new LinkedHashMap<>();
        groups.put(Groups.MODEL, WeightMaps.live(parameters));
        OptimizerState state = optimizer.state();
        Groups.putOptimizer(groups, state);
        ObjectNode s = meta.putObject("state");
        s.putObject("optimizer").put("name", state.algorithm()).put("step", state.step());
        ObjectNode list = s.putObject("averagers");
        for (Averager a : averagers) {
            AveragerState as = a.state();
            ObjectNode entry = list.putObject(a.name());
            entry.put("kind", a.kind()).put("count", a.count()).put("ready", a.ready()).put("description", a.description());
            entry.set("scalars", as.scalars());
            as.parts().forEach((part, arrays) -> groups.put(group(a.name(), part), arrays));
        }
        return store.save(epoch, step, groups, meta);
    }

    /** Restores weights, optimizer and every averager from a checkpoint written by {@link #save}. */
    public void restore(Checkpoint ckpt) {
        JsonNode state = ckpt.meta().path("state");
        if (state.isMissingNode()) {
            throw new IllegalArgumentException(ckpt.file() + ": not a training checkpoint (no 'state' entry)");
        }
        WeightMaps.load(ckpt.group(Groups.MODEL), parameters);
        optimizer.restore(new OptimizerState(state.path("optimizer").path("name").asText(),
                state.path("optimizer").path("step").asLong(), Groups.optimizerSlots(ckpt.groups())));
        JsonNode saved = state.path("averagers");
        for (Averager a : averagers) {
            JsonNode entry = saved.path(a.name());
            if (entry.isMissingNode()) {
                throw new IllegalArgumentException(ckpt.file() + ": holds no averager '" + a.name() + "' (it has "
                        + fieldNames(saved) + ")");
            }
            a.restore(averagerState(ckpt, a.name()));
        }
    }

    /** The saved state of averager {@code name}: its scalars and the groups {@code name} and {@code name.PART}. */
    public static AveragerState averagerState(Checkpoint ckpt, String name) {
        Map<String, Map<String, NDArray>> parts = new LinkedHashMap<>();
        ckpt.groups().forEach((group, arrays) -> {
            if (group.equals(name)) {
                parts.put(AveragerState.WEIGHTS, arrays);
            } else if (group.startsWith(name + ".")) {
                parts.put(group.substring(name.length() + 1), arrays);
            }
        });
        return new AveragerState(ckpt.meta().path("state").path("averagers").path(name).path("scalars"), parts);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
