package io.veernet.model.averaging;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.math.BigDecimal;
import java.util.Locale;

/**
 * How long an EMA remembers, given exactly one way: a decay per step, or a half-life in steps or
 * in epochs (the weight of a step halves after that long: {@code d = 0.5^(1 / half-life steps)}).
 *
 * @param decay          decay per step in [0, 1), or 0 when a half-life is given
 * @param halfLifeSteps  half-life in optimizer steps, or 0
 * @param halfLifeEpochs half-life in epochs, or 0
 */
@JsonInclude(JsonInclude.Include.NON_DEFAULT)
public record EmaHorizon(double decay, double halfLifeSteps, double halfLifeEpochs) {

    public EmaHorizon {
        int given = (decay != 0 ? 1 : 0) + (halfLifeSteps != 0 ? 1 : 0) + (halfLifeEpochs != 0 ? 1 : 0);
        if (given != 1) {
            throw new IllegalArgumentException("an EMA takes exactly one of decay, half_life_steps, half_life_epochs, got "
                    + (given == 0 ? "none" : given));
        }
        if (!(decay >= 0 && decay < 1)) {
            throw new IllegalArgumentException("decay must lie in (0, 1), got " + decay);
        }
        if (!(halfLifeSteps >= 0) || !(halfLifeEpochs >= 0) || Double.isInfinite(halfLifeSteps + halfLifeEpochs)) {
            throw new IllegalArgumentException("a half-life must be a positive number, got "
                    + (halfLifeSteps != 0 ? halfLifeSteps : halfLifeEpochs));
        }
    }

    /** From a config entry: the one key given ({@code decay}, {@code half_life_steps} or {@code half_life_epochs}). */
    @JsonCreator
    static EmaHorizon fromConfig(@JsonProperty("decay") Double decay, @JsonProperty("half_life_steps") Double halfLifeSteps,
                                 @JsonProperty("half_life_epochs") Double halfLifeEpochs) {
        return new EmaHorizon(orZero(decay), orZero(halfLifeSteps), orZero(halfLifeEpochs));
    }

    private static double orZero(Double v) {
        return v == null ? 0 : v;
    }

    public static EmaHorizon ofDecay(double decay) {
        return new EmaHorizon(decay, 0, 0);
    }

    public static EmaHorizon halfLifeEpochs(double epochs) {
        return new EmaHorizon(0, 0, epochs);
    }

    public static EmaHorizon halfLifeSteps(double steps) {
        return new EmaHorizon(0, steps, 0);
    }

    /** The decay per step, for a run of {@code stepsPerEpoch} steps per epoch. */
    public double decayPerStep(int stepsPerEpoch) {
        if (decay != 0) {
            return decay;
        }
        double steps = halfLifeSteps != 0 ? halfLifeSteps : halfLifeEpochs * stepsPerEpoch;
        return Math.pow(0.5, 1 / steps);
    }

    /** {@code ema-0.999}, {@code ema-500st} or {@code ema-4ep}: the model's name in reports and checkpoints. */
    public String label() {
        if (decay != 0) {
            return labelOfDecay(decay);
        }
        return halfLifeSteps != 0 ? "ema-" + plain(halfLifeSteps) + "st" : "ema-" + plain(halfLifeEpochs) + "ep";
    }

    /** {@code ema-0.999} for decay 0.999 (shortest decimal form). */
    public static String labelOfDecay(double decay) {
        return "ema-" + plain(decay);
    }

    /** The horizon in words, e.g. "half-life 4 epochs (720 steps, decay 0.99904)". */
    public String describe(int stepsPerEpoch) {
        double d = decayPerStep(stepsPerEpoch);
        if (decay != 0) {
            return String.format(Locale.ROOT, "decay %s (half-life %.0f steps)", plain(decay), Math.log(0.5) / Math.log(d));
        }
        double steps = halfLifeSteps != 0 ? halfLifeSteps : halfLifeEpochs * stepsPerEpoch;
        return halfLifeSteps != 0
                ? String.format(Locale.ROOT, "half-life %s steps (decay %.5f)", plain(halfLifeSteps), d)
                : String.format(Locale.ROOT, "half-life %s epochs (%.0f steps, decay %.5f)", plain(halfLifeEpochs), steps, d);
    }

    private static String plain(double v) {
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }
}
