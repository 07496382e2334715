package io.veernet.model.optim;

import ai.djl.ndarray.NDArray;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An optimizer's whole state: its algorithm, step count and per-slot arrays keyed by parameter name.
 *
 * @param algorithm the {@link OptimizerConfig#name()} that produced it
 * @param step number of applied steps (bias corrections and NAdam's momentum schedule derive from it)
 * @param slots slot name (torch's: exp_avg, exp_avg_sq, momentum_buffer) to parameter name to
 *     float32 array
 */
public record OptimizerState(String algorithm, long step, Map<String, Map<String, NDArray>> slots) {

    /** Validates the step count and takes read-only views of the maps. */
    public OptimizerState {
        if (step < 0) {
            throw new IllegalArgumentException("step must be >= 0, got " + step);
        }
        slots = Collections.unmodifiableMap(new LinkedHashMap<>(slots));
    }
}
