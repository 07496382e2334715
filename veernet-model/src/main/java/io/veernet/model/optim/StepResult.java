package io.veernet.model.optim;

/**
 * What one optimizer step did.
 *
 * @param step the optimizer's step count after this call (unchanged when not applied)
 * @param gradNorm the global L2 norm of the gradients before clipping (NaN or infinite when the
 *     gradients were not finite)
 * @param clipScale the factor the gradients were multiplied by (1 when not clipped)
 * @param applied false when the gradients were not finite: weights and state were left untouched
 *     and the gradients zeroed, so the loop should stop (or skip this sample and the EMA update);
 *     also false when the loss handed to the step was not finite
 * @param loss the loss read together with the gradient norm, NaN when none was handed over
 */
public record StepResult(long step, double gradNorm, double clipScale, boolean applied, double loss) {

    /** A step that was not handed the loss. */
    public StepResult(long step, double gradNorm, double clipScale, boolean applied) {
        this(step, gradNorm, clipScale, applied, Double.NaN);
    }

    /** Whether the global norm exceeded the clip threshold. */
    public boolean clipped() {
        return clipScale < 1.0;
    }
}
