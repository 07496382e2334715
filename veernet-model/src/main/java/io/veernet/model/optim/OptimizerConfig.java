package io.veernet.model.optim;

import java.util.List;

/**
 * Optimizer settings (the learning rate is not here: the schedule gives it to every step).
 *
 * @param name one of {@code adamw}, {@code nadamw}, {@code sgd}
 * @param beta1 first-moment decay (adamw, nadamw)
 * @param beta2 second-moment decay (adamw, nadamw)
 * @param eps term added to the root of the second moment (adamw, nadamw)
 * @param weightDecay decoupled decay for adamw/nadamw, L2 added to the gradient for sgd (as in
 *     torch.optim); applied to conv/linear weights only
 * @param momentum heavy-ball momentum (sgd)
 * @param nesterov Nesterov momentum (sgd; needs momentum &gt; 0)
 * @param clipNorm clip the gradients' global L2 norm to this before the update; 0 = off
 */
public record OptimizerConfig(
        String name,
        double beta1,
        double beta2,
        double eps,
        double weightDecay,
        double momentum,
        boolean nesterov,
        double clipNorm) {

    /** The optimizer names this project knows. */
    public static final List<String> NAMES = List.of("adamw", "nadamw", "sgd");

    /** Validates every field; messages start with the snake_case config key. */
    public OptimizerConfig {
        if (name == null || !NAMES.contains(name)) {
            throw new IllegalArgumentException(
                    "name must be one of " + String.join(", ", NAMES) + ", got " + name);
        }
        requireUnit("beta1", beta1);
        requireUnit("beta2", beta2);
        if (!(eps > 0) || Double.isInfinite(eps)) {
            throw new IllegalArgumentException("eps must be > 0 and finite, got " + eps);
        }
        requireNonNegative("weight_decay", weightDecay);
        requireUnit("momentum", momentum);
        if (nesterov && momentum == 0) {
            throw new IllegalArgumentException("nesterov requires momentum > 0, got momentum " + momentum);
        }
        requireNonNegative("clip_norm", clipNorm);
    }

    /** AdamW, betas (0.9, 0.999), eps 1e-8, weight decay 0.01, SGD momentum 0.9, clip at norm 1. */
    public static OptimizerConfig defaults() {
        return new OptimizerConfig("adamw", 0.9, 0.999, 1e-8, 0.01, 0.9, false, 1.0);
    }

    private static void requireUnit(String key, double value) {
        if (!(value >= 0 && value < 1)) {
            throw new IllegalArgumentException(key + " must be in [0, 1), got " + value);
        }
    }

    private static void requireNonNegative(String key, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(key + " must be >= 0 and finite, got " + value);
        }
    }
}
