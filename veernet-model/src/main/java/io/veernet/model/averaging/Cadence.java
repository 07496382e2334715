package io.veernet.model.averaging;

/**
 * When an averager takes the weights: every N optimizer steps or at each epoch's end, from a
 * first epoch on.
 *
 * @param when       steps or epoch ends
 * @param every      with steps: every this many steps (global step count divisible by it)
 * @param startEpoch the first 0-based epoch that feeds the average
 */
public record Cadence(When when, int every, int startEpoch) {

    /** What the cadence counts. */
    public enum When { STEPS, EPOCH_ENDS }

    public Cadence {
        if (every < 1) {
            throw new IllegalArgumentException("a cadence needs every >= 1, got " + every);
        }
        if (startEpoch < 0) {
            throw new IllegalArgumentException("a cadence starts at epoch >= 0, got " + startEpoch);
        }
    }

    public static Cadence everyStep() {
        return new Cadence(When.STEPS, 1, 0);
    }

    public static Cadence everySteps(int n, int startEpoch) {
        return new Cadence(When.STEPS, n, startEpoch);
    }

    public static Cadence epochEnds(int startEpoch) {
        return new Cadence(When.EPOCH_ENDS, 1, startEpoch);
    }

    /** Whether this moment is one the cadence takes. */
    public boolean due(TrainingMoment m) {
        if (m.epoch() < startEpoch) {
            return false;
        }
        return when == When.STEPS
                ? m.boundary() == TrainingMoment.Boundary.STEP && m.step() % every == 0
                : m.boundary() == TrainingMoment.Boundary.EPOCH_END;
    }
}
