package io.veernet.model.averaging;

import ai.djl.ndarray.NDArray;

import java.util.Map;

/**
 * A weight average kept while training (EMA, SWA, SWAD, power EMA): the loop asks each one
 * {@link #shouldUpdate} after every step and at every epoch's end, feeds it validation scores,
 * and saves and restores its {@link #state()} without knowing its kind.
 */
public interface Averager extends AutoCloseable {

    /** Stable name: the report's row, the checkpoint group and the weights file, e.g. {@code ema-4ep}. */
    String name();

    /** The family: ema, swa, swad or power-ema. */
    String kind();

    /** How it averages, in words, for reports. */
    String description();

    /** Lightning's should_update seam: whether this moment feeds the average. */
    boolean shouldUpdate(TrainingMoment moment);

    /** Takes the live weights into the average (called only when {@link #shouldUpdate} said so). */
    void update(TrainingMoment moment);

    /** The raw model's validation score after an epoch (higher is better); only SWAD listens. */
    default void validated(int epoch, long step, double score) {
    }

    /** Whether {@link #weights()} has anything to give yet. */
    boolean ready();

    /** The servable averaged weights by parameter name (live arrays: copy them to keep them). */
    Map<String, NDArray> weights();

    /** Weight samples (or updates) averaged so far. */
    long count();

    /** Everything a checkpoint must hold to continue this average exactly. */
    AveragerState state();

    /** Continues from a saved state (names and shapes checked). */
    void restore(AveragerState state);

    @Override
    void close();
}
