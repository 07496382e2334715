/**
 * Weights files: DJL {@code .params} ({@link io.veernet.model.io.ParamsFile}) and SafeTensors
 * ({@link io.veernet.model.io.SafeTensorsFile}, in the format of {@link io.veernet.model.io.SafeTensors},
 * the one codec that checkpoints use too), both written atomically
 * ({@link io.veernet.data.io.AtomicFiles}) and both loaded through a check of every parameter's
 * name, shape and data type ({@link io.veernet.model.io.NamedWeights}) that fails with
 * {@link io.veernet.model.io.IncompatibleWeightsException} before anything is written.
 */
package io.veernet.model.io;
