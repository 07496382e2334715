package io.veernet.train;

import io.veernet.config.LrConfig;

/**
 * The learning rate as a pure function of the global step, so resuming needs only the step.
 *
 * <pre>
 *   warm-up: linear from peak * warmup_start to peak over warmup_epochs
 *   decay:   cosine from peak to min, ending at the SWA start (or at the end of training)
 *   SWA:     cosine anneal from min to swa_lr over swa_anneal_epochs, then swa_lr (constant),
 *            or one cycle per epoch from swa_lr_high down to swa_lr (cyclic)
 * </pre>
 */
public final class LrSchedule {

    private final LrConfig c;
    private final long stepsPerEpoch;
    private final long warmupSteps;
    private final long decayEnd;
    private final long annealSteps;
    private final boolean swa;

    /**
     * @param swaStartEpoch the first SWA epoch (0-based), or -1 without SWA
     */
    public LrSchedule(LrConfig config, int epochs, long stepsPerEpoch, int swaStartEpoch) {
        this.c = config;
        this.stepsPerEpoch = stepsPerEpoch;
        this.swa = swaStartEpoch >= 0;
        this.decayEnd = (swa ? swaStartEpoch : epochs) * stepsPerEpoch;
        this.warmupSteps = Math.min(decayEnd, Math.round(config.warmupEpochs() * stepsPerEpoch));
        this.annealSteps = Math.round(config.swaAnnealEpochs() * stepsPerEpoch);
    }

    /** The rate for the optimizer step with this 0-based global index. */
    public double at(long step) {
        if (step < warmupSteps) {
            double t = (step + 1) / (double) warmupSteps;
            return c.peak() * (c.warmupStart() + (1 - c.warmupStart()) * t);
        }
        if (step < decayEnd || !swa) {
            long span = Math.max(1, decayEnd - warmupSteps);
            double t = Math.min(1, (step - warmupSteps) / (double) span);
            return c.min() + 0.5 * (c.peak() - c.min()) * (1 + StrictMath.cos(Math.PI * t));
        }
        long inSwa = step - decayEnd;
        if (inSwa < annealSteps) {
            double t = (inSwa + 1) / (double) annealSteps;
            return c.swaLr() + 0.5 * (c.min() - c.swaLr()) * (1 + StrictMath.cos(Math.PI * t));
        }
        if ("cyclic".equals(c.swaSchedule())) {
            double t = (step % stepsPerEpoch) / (double) Math.max(1, stepsPerEpoch - 1);
            return c.swaLrHigh() + (c.swaLr() - c.swaLrHigh()) * t;
        }
        return c.swaLr();
    }
}
