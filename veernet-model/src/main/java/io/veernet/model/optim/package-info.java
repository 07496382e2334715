/**
 * Optimizers whose state we own (AdamW, NAdamW, SGD), keyed by parameter name so a run resumes
 * exactly, with global-norm gradient clipping and non-finite gradient detection.
 *
 * <p>Usage per sample: forward and {@code collector.backward(loss)}, then
 * {@code StepResult r = optimizer.step(lr)}; if {@code !r.applied()} the gradients were NaN/Inf and
 * nothing changed; otherwise update the EMAs. Save with {@link io.veernet.model.optim.Optimizer#state()},
 * restore with {@link io.veernet.model.optim.Optimizer#restore}.
 */
package io.veernet.model.optim;
