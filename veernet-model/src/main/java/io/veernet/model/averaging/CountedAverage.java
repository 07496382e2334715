package io.veernet.model.averaging;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;

import java.util.Map;

/**
 * An average that counts what it has taken in (EMA updates, SWA samples): readiness, the count,
 * the weights and the saved state all follow from that count, so each kind only says how it updates.
 */
abstract class CountedAverage extends AveragedWeights implements Averager {

    /** The count's key in the saved state ({@code updates}, {@code count}). */
    private final String countKey;
    private long count;

    CountedAverage(String label, String countKey, Map<String, Parameter> parameters, NDManager manager, LiveWeights live) {
        super(label, parameters, manager, live);
        this.countKey = countKey;
    }

    /** Records one more update (or sample). */
    final void counted(long n) {
        count = n;
    }

    @Override
    public final boolean ready() {
        return count > 0;
    }

    @Override
    public final long count() {
        return count;
    }

    /** The averaged weights by parameter name (live arrays); throws {@link IllegalStateException} before the first update. */
    @Override
    public final Map<String, NDArray> weights() {
        if (count == 0) {
            throw new IllegalStateException(label() + " has not been updated yet: an average is never used before its first update");
        }
        return averages();
    }

    @Override
    public final AveragerState state() {
        return countedState(countKey, count);
    }

    @Override
    public final void restore(AveragerState state) {
        count = restoreCounted(state, countKey);
    }

    /** Restores a saved average of {@code n >= 1} updates (names and shapes checked). */
    final void restore(long n, Map<String, ? extends NDArray> weights) {
        if (n < 1) {
            throw new IllegalArgumentException(label() + ": a saved average has at least one update, got " + n);
        }
        restoreAverages(weights);
        count = n;
    }
}
