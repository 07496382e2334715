/**
 * Weights files: DJL {@code .params} ({@link io.veernet.model.io.ParamsFile}) and SafeTensors
 * ({@link io.veernet.model.io.SafeTensorsFile}), both written atomically
 * ({@link io.veernet.data.io.AtomicFiles}) and both loaded through a check of every parameter's
 * name and shape ({@link io.veernet.model.io.NamedWeights}) that fails with
 * {@link io.veernet.model.io.IncompatibleWeightsException} before anything is written.
 */
package io.veernet.model.io;
