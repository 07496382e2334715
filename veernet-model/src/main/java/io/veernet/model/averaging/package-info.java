/**
 * Weight averaging, like PyTorch's swa_utils: one {@link io.veernet.model.averaging.Averager} seam
 * (a pluggable update with its own {@link io.veernet.model.averaging.Cadence}, named state a
 * checkpoint saves without knowing the kind) and its implementations:
 * {@link io.veernet.model.averaging.Ema} (by {@link io.veernet.model.averaging.EmaHorizon}),
 * {@link io.veernet.model.averaging.SwaBuffer}, {@link io.veernet.model.averaging.Swag} (not yet wired
 * into the trainer), {@link io.veernet.model.averaging.Swad} and
 * {@link io.veernet.model.averaging.PowerEma} with {@link io.veernet.model.averaging.PostHocEma}
 * to rebuild any EMA length after training; uniform averages and snapshots
 * ({@link io.veernet.model.averaging.WeightMaps}) and BatchNorm statistics recalibration
 * ({@link io.veernet.model.averaging.BatchNormRecalibration}).
 *
 * <p>Everything is keyed by parameter name (the keys of {@code block.getParameters()}), kept in
 * float32, updated in place with grad mode off, and frees its temporaries at once.
 */
package io.veernet.model.averaging;
