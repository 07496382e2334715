/**
 * Benchmarks behind {@code veernet bench}: {@link io.veernet.model.bench.ModelBenchmark} (the
 * network's training step, forward passes and memory) and {@link io.veernet.model.bench.StateBenchmark}
 * (EMA updates, optimizer steps, checkpoint write and read). Each returns a report with a
 * {@code render()} text table; speed is measured here, never in unit tests.
 */
package io.veernet.model.bench;
