package io.veernet.model.averaging;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;

import java.util.Map;

/**
 * An exponential moving average of the weights, updated after every applied optimizer step.
 *
 * <p>{@code e += (1 - d_t)(w - e)} with warm-up {@code d_t = min(d, (1 + t) / (10 + t))}, where t
 * counts the updates done before this one, from 0: the first update uses d_0 = min(d, 0.1), so e
 * starts out tracking the weights closely. e_0 is a copy of the weights when the EMA is created
 * (before training). Kept in float32. An EMA is never evaluated before its first update:
 * {@link #weights()} throws until then. Non-trainable parameters (BatchNorm running statistics)
 * are copied as they are, not averaged: recalibrate them before evaluating (see
 * {@link BatchNormRecalibration}).
 */
public final class Ema extends AveragedWeights {

    private final double decay;
    private long updates;

    /** Starts an EMA with target decay {@code decay} in [0, 1) from the parameters' current values. */
    public Ema(double decay, Map<String, Parameter> parameters, NDManager manager) {
        super("EMA(" + decay + ")", parameters, manager);
        if (!(decay >= 0 && decay < 1)) {
            throw new IllegalArgumentException("decay must be in [0, 1), got " + decay);
        }
        this.decay = decay;
        copyLive();
    }

    /** The warm-up decay {@code min(decay, (1 + t) / (10 + t))} used by the update after t updates. */
    public static double warmupDecay(double decay, long t) {
        return Math.min(decay, (1.0 + t) / (10.0 + t));
    }

    /** Moves the average towards the current weights (call after each applied optimizer step). */
    public void update() {
        blend((float) (1 - warmupDecay(decay, updates)));
        updates++;
    }

    /** The target decay d. */
    public double decay() {
        return decay;
    }

    /** Number of updates so far (the t of the next update). */
    public long updates() {
        return updates;
    }

    /**
     * The averaged weights by parameter name (live arrays: copy them to keep them past the next
     * update); throws {@link IllegalStateException} before the first update.
     */
    public Map<String, NDArray> weights() {
        if (updates == 0) {
            throw new IllegalStateException(
                    label() + " has not been updated yet: an EMA is never used before its first update");
        }
        return averages();
    }

    /** Restores a saved EMA: its update count and weights (names and shapes checked). */
    public void restore(long updates, Map<String, ? extends NDArray> weights) {
        if (updates < 1) {
            throw new IllegalArgumentException(
                    label() + ": a saved EMA has at least one update, got " + updates);
        }
        restoreAverages(weights);
        this.updates = updates;
    }
}
