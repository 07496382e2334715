package io.veernet.model.averaging;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;

import java.util.Map;

/**
 * Stochastic weight averaging: the running mean of weights sampled once per SWA epoch,
 * {@code w_swa += (w - w_swa) / (n + 1)} with n the samples so far; the first sample is copied.
 * The loop decides when to call {@link #update()} (at the end of each SWA-phase epoch).
 * Non-trainable parameters (BatchNorm running statistics) hold the latest values, not an
 * average: recalibrate them before evaluating (see {@link BatchNormRecalibration}).
 */
public final class SwaBuffer extends AveragedWeights {

    private long count;

    /** An empty average over the given parameters (nothing is copied until the first update). */
    public SwaBuffer(Map<String, Parameter> parameters, NDManager manager) {
        super("SWA", parameters, manager);
    }

    /** Adds the current weights to the average. */
    public void update() {
        if (count == 0) {
            copyLive();
        } else {
            blend((float) (1.0 / (count + 1)));
        }
        count++;
    }

    /** Number of weight samples averaged. */
    public long count() {
        return count;
    }

    /** The averaged weights (live arrays); throws {@link IllegalStateException} while empty. */
    public Map<String, NDArray> weights() {
        if (count == 0) {
            throw new IllegalStateException("SWA average is empty: no epoch has been averaged yet");
        }
        return averages();
    }

    /** Restores a saved average of {@code count >= 1} samples (names and shapes checked). */
    public void restore(long count, Map<String, ? extends NDArray> weights) {
        if (count < 1) {
            throw new IllegalArgumentException(
                    "SWA: a saved average has at least one sample, got " + count + " (skip restoring an empty one)");
        }
        restoreAverages(weights);
        this.count = count;
    }
}
