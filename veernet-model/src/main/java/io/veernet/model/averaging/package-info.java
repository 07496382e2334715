/**
 * Weight averaging, like PyTorch's swa_utils: {@link io.veernet.model.averaging.Ema} (one or an
 * {@link io.veernet.model.averaging.EmaSet}), {@link io.veernet.model.averaging.SwaBuffer},
 * uniform averages and snapshots ({@link io.veernet.model.averaging.WeightMaps}) and BatchNorm
 * statistics recalibration ({@link io.veernet.model.averaging.BatchNormRecalibration}).
 *
 * <p>Everything is keyed by parameter name (the keys of {@code block.getParameters()}), kept in
 * float32, updated in place with grad mode off, and frees its temporaries at once.
 */
package io.veernet.model.averaging;
