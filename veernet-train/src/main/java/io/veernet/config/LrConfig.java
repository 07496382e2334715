package io.veernet.config;

import java.util.Set;

/**
 * The learning-rate schedule: linear warm-up, cosine decay until the SWA start, then the SWA
 * schedule (anneal to the SWA rate, then constant or cyclic).
 *
 * @param peak          rate at the end of the warm-up
 * @param warmupEpochs  linear warm-up from {@code peak * warmupStart} (may be fractional)
 * @param warmupStart   the warm-up's first rate as a fraction of the peak
 * @param min           the cosine decay's end rate (at the SWA start, or at the end without SWA)
 * @param swaLr         the SWA phase's rate (the low end of each cycle when cyclic)
 * @param swaLrHigh     the top of each cycle when {@code swaSchedule} is cyclic
 * @param swaAnnealEpochs epochs to anneal (cosine) from {@code min} to {@code swaLr}
 * @param swaSchedule   constant or cyclic (one cycle per epoch, high to low, so each SWA update
 *                      takes the end-of-cycle weights)
 */
public record LrConfig(double peak, double warmupEpochs, double warmupStart, double min, double swaLr,
                       double swaLrHigh, double swaAnnealEpochs, String swaSchedule) {

    public LrConfig {
        if (!(peak > 0)) {
            throw new IllegalArgumentException("peak must be positive, got " + peak);
        }
        if (!(warmupEpochs >= 0)) {
            throw new IllegalArgumentException("warmup_epochs must be >= 0, got " + warmupEpochs);
        }
        if (!(warmupStart >= 0 && warmupStart <= 1)) {
            throw new IllegalArgumentException("warmup_start must be between 0 and 1, got " + warmupStart);
        }
        if (!(min >= 0 && min <= peak)) {
            throw new IllegalArgumentException("min must be between 0 and peak (" + peak + "), got " + min);
        }
        if (!(swaLr > 0)) {
            throw new IllegalArgumentException("swa_lr must be positive, got " + swaLr);
        }
        if (!(swaAnnealEpochs >= 0)) {
            throw new IllegalArgumentException("swa_anneal_epochs must be >= 0, got " + swaAnnealEpochs);
        }
        if (!Set.of("constant", "cyclic").contains(swaSchedule)) {
            throw new IllegalArgumentException("swa_schedule must be constant or cyclic, got " + swaSchedule);
        }
        if ("cyclic".equals(swaSchedule) && !(swaLrHigh > swaLr)) {
            throw new IllegalArgumentException("swa_lr_high must exceed swa_lr (" + swaLr + ") for a cyclic schedule, got " + swaLrHigh);
        }
    }

    public static LrConfig defaults() {
        return new LrConfig(2e-3, 1, 0.05, 1e-5, 5e-4, 1e-3, 2, "constant");
    }
}
