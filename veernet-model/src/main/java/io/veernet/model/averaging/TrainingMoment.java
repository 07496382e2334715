package io.veernet.model.averaging;

/**
 * Where training stands when an averager is asked to update.
 *
 * @param step     optimizer steps done so far (the step just taken counts)
 * @param epoch    the 0-based epoch the step belongs to
 * @param boundary whether this is a step or the epoch's end
 */
public record TrainingMoment(long step, int epoch, Boundary boundary) {

    /** After an optimizer step, or once at an epoch's end (after its last step). */
    public enum Boundary { STEP, EPOCH_END }

    public static TrainingMoment afterStep(long step, int epoch) {
        return new TrainingMoment(step, epoch, Boundary.STEP);
    }

    public static TrainingMoment epochEnd(long step, int epoch) {
        return new TrainingMoment(step, epoch, Boundary.EPOCH_END);
    }
}
