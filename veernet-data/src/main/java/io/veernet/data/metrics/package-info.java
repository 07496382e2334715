/** Evaluation metrics as defined in docs/METRICS.md: overlap, per-curve R^2 and errors, summaries, identity swaps. */
package io.veernet.data.metrics;
