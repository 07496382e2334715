package io.veernet.model.averaging;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;

import java.util.Map;

/**
 * An exponential moving average of the weights, updated after every applied optimizer step.
 *
 * <p>{@code e += (1 - d_t)(w - e)} with warm-up {@code d_t = min(d, t / (t + 1))}, where t counts
 * the updates done before this one, from 0: until its own horizon is reached the EMA is the plain
 * mean of every step so far, and only then forgets. The warm-up therefore cannot erase the
 * difference between two horizons (the former {@code (1 + t) / (10 + t)} reached 0.999 only after
 * 8,990 steps, so 0.999 and 0.9995 stayed one model for a whole cpu-quick run). Kept in float32.
 * Non-trainable parameters (BatchNorm running statistics) are copied as they are, not averaged:
 * recalibrate them before evaluating (see {@link BatchNormRecalibration}).
 */
public final class Ema extends CountedAverage {

    private final double decay;
    private final String description;
    private final Cadence cadence;

    /** An EMA named by its decay ({@code ema-0.999}), updated every step. */
    public Ema(double decay, Map<String, Parameter> parameters, NDManager manager) {
        this(EmaHorizon.labelOfDecay(decay), decay, "decay " + decay, parameters, manager);
    }

    /** An EMA for a horizon, at {@code stepsPerEpoch} steps per epoch, updated every step. */
    public Ema(EmaHorizon horizon, int stepsPerEpoch, Map<String, Parameter> parameters, NDManager manager) {
        this(horizon, stepsPerEpoch, parameters, manager, null);
    }

    /** The same, reading the live weights from a run's shared {@link LiveWeights} (null: its own). */
    public Ema(EmaHorizon horizon, int stepsPerEpoch, Map<String, Parameter> parameters, NDManager manager,
               LiveWeights live) {
        this(horizon.label(), horizon.decayPerStep(stepsPerEpoch), horizon.describe(stepsPerEpoch), parameters, manager,
                live);
    }

    private Ema(String name, double decay, String horizon, Map<String, Parameter> parameters, NDManager manager) {
        this(name, decay, horizon, parameters, manager, null);
    }

    private Ema(String name, double decay, String horizon, Map<String, Parameter> parameters, NDManager manager,
                LiveWeights live) {
        super(name, "updates", parameters, manager, live);
        if (!(decay >= 0 && decay < 1)) {
            close();
            throw new IllegalArgumentException("decay must be in [0, 1), got " + decay);
        }
        this.decay = decay;
        this.description = "online EMA, " + horizon + ", every step";
        this.cadence = Cadence.everyStep();
        copyLive();
    }

    /** The warm-up decay {@code min(decay, t / (t + 1))} used by the update after t updates. */
    public static double warmupDecay(double decay, long t) {
        return Math.min(decay, t / (t + 1.0));
    }

    /** Moves the average towards the current weights (call after each applied optimizer step). */
    public void update() {
        blend((float) (1 - warmupDecay(decay, count())));
        counted(count() + 1);
    }

    @Override
    public String name() {
        return label();
    }

    @Override
    public String kind() {
        return "ema";
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public boolean shouldUpdate(TrainingMoment moment) {
        return cadence.due(moment);
    }

    @Override
    public void update(TrainingMoment moment) {
        update();
    }



    /** The decay per step d. */
    public double decay() {
        return decay;
    }

    /** Number of updates so far (the t of the next update). */
    public long updates() {
        return count();
    }




}
