package io.veernet.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Where the training loop's time goes, measured by the loop itself: each step's parts, the SWA
 * updates, the checkpoint writes and the time spent waiting for decoded images.
 */
public final class StepTimings {

    /** The parts of one step, in nanoseconds. */
    public record Step(long forwardBackward, long optimizer, long ema, long total) {
    }

    private final List<Step> steps = new ArrayList<>();
    private final List<Long> swaUpdates = new ArrayList<>();
    private final List<Long> checkpointWrites = new ArrayList<>();
    private long dataWait;
    private long trainingTime;

    void step(Step s) {
        steps.add(s);
    }

    void swaUpdate(long nanos) {
        swaUpdates.add(nanos);
    }

    void checkpointWrite(long nanos) {
        checkpointWrites.add(nanos);
    }

    void epoch(long waitNanos, long trainingNanos) {
        dataWait += waitNanos;
        trainingTime += trainingNanos;
    }

    public List<Step> steps() {
        return List.copyOf(steps);
    }

    public List<Long> swaUpdates() {
        return List.copyOf(swaUpdates);
    }

    public List<Long> checkpointWrites() {
        return List.copyOf(checkpointWrites);
    }

    /** Share of the training time spent waiting for the next decoded image. */
    public double dataWaitShare() {
        return trainingTime == 0 ? 0 : dataWait / (double) trainingTime;
    }

    /** Median in milliseconds of the values, skipping the first {@code warmup}. */
    public static double medianMillis(List<Long> nanos, int warmup) {
        long[] v = nanos.stream().skip(Math.min(warmup, Math.max(0, nanos.size() - 1))).mapToLong(Long::longValue).toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        Arrays.sort(v);
        return (v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2.0) / 1e6;
    }
}
