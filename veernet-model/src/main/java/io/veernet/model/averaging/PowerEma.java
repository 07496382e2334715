package io.veernet.model.averaging;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;

import java.math.BigDecimal;
import java.util.Map;

/**
 * A power-function EMA (Karras et al. 2024, "Analyzing and Improving the Training Dynamics of
 * Diffusion Models", section 3): {@code e_t = b_t e_(t-1) + (1 - b_t) w_t} with
 * {@code b_t = (1 - 1/t)^(gamma + 1)}, so step tau weighs in proportion to tau^gamma. Its length
 * is relative to the training so far (sigma_rel, the profile's width over its position), which is
 * what lets {@link PostHocEma} rebuild any other length from snapshots of two of them.
 */
public final class PowerEma extends CountedAverage {

    private final double sigmaRel;
    private final double gamma;

    /** Starts a power EMA of relative length {@code sigmaRel}, updated every step. */
    public PowerEma(double sigmaRel, Map<String, Parameter> parameters, NDManager manager) {
        this(sigmaRel, parameters, manager, null);
    }

    /** The same, reading the live weights from a run's shared {@link LiveWeights} (null: its own). */
    public PowerEma(double sigmaRel, Map<String, Parameter> parameters, NDManager manager, LiveWeights live) {
        super(nameFor(sigmaRel), "updates", parameters, manager, live);
        this.sigmaRel = sigmaRel;
        this.gamma = PostHocEma.gammaFor(sigmaRel);
    }

    /** {@code power-ema-0.05} for sigma_rel 0.05. */
    public static String nameFor(double sigmaRel) {
        return "power-ema-" + BigDecimal.valueOf(sigmaRel).stripTrailingZeros().toPlainString();
    }

    /** The weight of the newest step in the update after {@code t - 1} earlier ones: {@code 1 - b_t}. */
    public static double newestWeight(double gamma, long t) {
        return 1 - Math.pow(1 - 1.0 / t, gamma + 1);
    }

    @Override
    public String name() {
        return label();
    }

    @Override
    public String kind() {
        return "power-ema";
    }

    @Override
    public String description() {
        return "power-function EMA, sigma_rel " + sigmaRel + " (exponent " + String.format(java.util.Locale.ROOT, "%.2f", gamma)
                + "), every step";
    }

    @Override
    public boolean shouldUpdate(TrainingMoment moment) {
        return moment.boundary() == TrainingMoment.Boundary.STEP;
    }

    @Override
    public void update(TrainingMoment moment) {
        long t = count() + 1;
        if (t == 1) {
            copyLive();
        } else {
            blend((float) newestWeight(gamma, t));
        }
        counted(t);
    }

    public double sigmaRel() {
        return sigmaRel;
    }

    public double gamma() {
        return gamma;
    }





}
