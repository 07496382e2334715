/**
 * The VeerNet segmenter: {@link io.veernet.model.ModelConfig} (architecture),
 * {@link io.veernet.model.VeerNet} (the DJL block), {@link io.veernet.model.ModelInputs} (rasters
 * to arrays), {@link io.veernet.model.Padding} (canvas and validity mask)
 * and {@link io.veernet.model.ModelSummary}; benchmarks are in {@link io.veernet.model.bench}.
 *
 * <h2>Conventions</h2>
 * <ul>
 *   <li>Input: ink density {@code (255 - gray) / 255}, float32, shape (N, 1, H, W), any H and W;
 *       paper-white is 0, so padding is zero padding.</li>
 *   <li>Output: logits (N, 3, H, W) for background, curve 1, curve 2, cropped to the input size.
 *       Loss: {@code new SoftmaxCrossEntropyLoss("ce", 1f, 1, true, true)} with int64 labels
 *       (N, 1, H, W) from {@link io.veernet.model.ModelInputs#labels}.</li>
 *   <li>Parameter names: the keys of {@code block.getParameters()}, child names joined by "_"
 *       ({@code stem}, {@code enc1..encD}, {@code bottleneck}, {@code decD..dec1}, {@code head},
 *       then e.g. {@code conv1}, {@code norm2}, {@code shortcut}, {@code layer1_attn_qkv}, then
 *       {@code weight}, {@code bias}, {@code gamma}, {@code beta}, {@code runningMean},
 *       {@code runningVar}). Stable across processes for a given config; optimizer state, EMA,
 *       checkpoints and SafeTensors files are keyed by them.</li>
 * </ul>
 *
 * <h2>Training without DJL's Trainer</h2>
 * <pre>{@code
 * VeerNet net = new VeerNet(config);
 * net.initialize(manager, DataType.FLOAT32, new Shape(1, 1, h, w));   // any h, w
 * for (Parameter p : net.namedParameters().values()) {
 *     if (p.requiresGradient()) p.getArray().setRequiresGradient(true); // not the BatchNorm statistics
 * }
 * try (NDManager step = manager.newSubManager()) {                     // frees the step's arrays
 *     NDArray x = ModelInputs.inkDensity(step, image);
 *     try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
 *         NDArray logits = net.forward(new ParameterStore(step, false), new NDList(x), true).singletonOrThrow();
 *         gc.backward(loss.evaluate(new NDList(ModelInputs.labels(step, mask)), new NDList(logits)));
 *     }
 *     // update, then zero the gradients: PyTorch accumulates them across backward passes
 * }
 * }</pre>
 * DJL's {@code Trainer} works as well ({@code model.setBlock(net)}, {@code trainer.initialize}).
 */
package io.veernet.model;
