package io.veernet.model.averaging;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;

import java.util.Map;

/**
 * Stochastic weight averaging: the running mean of weights sampled once per SWA epoch,
 * {@code w_swa += (w - w_swa) / (n + 1)} with n the samples so far; the first sample is copied.
 * Its cadence takes the weights at the end of each epoch from the SWA start on.
 * Non-trainable parameters (BatchNorm running statistics) hold the latest values, not an
 * average: recalibrate them before evaluating (see {@link BatchNormRecalibration}).
 */
public final class SwaBuffer extends CountedAverage {

    /** The name of the SWA average in reports and checkpoints. */
    public static final String NAME = "swa";

    private final Cadence cadence;

    /** An empty average over the given parameters, fed at every epoch end (the caller decides when). */
    public SwaBuffer(Map<String, Parameter> parameters, NDManager manager) {
        this(Cadence.epochEnds(0), parameters, manager);
    }

    /** An empty average fed by {@code cadence} (nothing is copied until the first update). */
    public SwaBuffer(Cadence cadence, Map<String, Parameter> parameters, NDManager manager) {
        this(NAME, cadence, parameters, manager, null);
    }

    /** The same, reading the live weights from a run's shared {@link LiveWeights} (null: its own). */
    public SwaBuffer(Cadence cadence, Map<String, Parameter> parameters, NDManager manager, LiveWeights live) {
        this(NAME, cadence, parameters, manager, live);
    }

    /** A running mean under another label (SWAD's segments). */
    SwaBuffer(String label, Cadence cadence, Map<String, Parameter> parameters, NDManager manager, LiveWeights live) {
        super(label, "count", parameters, manager, live);
        this.cadence = cadence;
    }

    /** Adds the current weights to the average. */
    public void update() {
        if (count() == 0) {
            copyLive();
        } else {
            blend((float) (1.0 / (count() + 1)));
        }
        counted(count() + 1);
    }

    /** Empties the average (the next update copies the weights again). */
    void reset() {
        counted(0);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String kind() {
        return "swa";
    }

    @Override
    public String description() {
        return "SWA average of " + count() + " end-of-epoch weights";
    }

    @Override
    public boolean shouldUpdate(TrainingMoment moment) {
        return cadence.due(moment);
    }

    @Override
    public void update(TrainingMoment moment) {
        update();
    }






}
