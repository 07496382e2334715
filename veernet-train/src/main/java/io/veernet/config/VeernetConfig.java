package io.veernet.config;

import io.veernet.data.synth.SynthConfig;
import io.veernet.model.ModelConfig;

/**
 * One run's whole configuration, as written in a YAML file under configs/: every key has a
 * default, so a config names only what differs.
 *
 * @param name  a short name for reports
 * @param data  the dataset
 * @param synth the synthetic-log generator
 * @param model the VeerNet architecture
 * @param train the training loop
 * @param eval  what evaluation compares
 */
public record VeernetConfig(String name, DataConfig data, SynthConfig synth, ModelConfig model, TrainConfig train,
                            EvalConfig eval) {

    /** This config with other evaluation settings (command-line overrides). */
    public VeernetConfig with(EvalConfig e) {
        return new VeernetConfig(name, data, synth, model, train, e);
    }

    public VeernetConfig {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name must not be empty");
        }
        int minimum = model.minInputMultiple();
        if (synth.height().min() < minimum) {
            throw new IllegalArgumentException("synth.height.min (" + synth.height().min()
                    + ") is below the model's minimum input size " + minimum + " (2^model.depth)");
        }
        if (synth.width().min() < minimum) {
            throw new IllegalArgumentException("synth.width.min (" + synth.width().min()
                    + ") is below the model's minimum input size " + minimum + " (2^model.depth)");
        }
        if (eval.reduceTo() != 0 && eval.reduceTo() < synth.height().max()) {
            throw new IllegalArgumentException("eval.reduce_to (" + eval.reduceTo() + ") is below synth.height.max ("
                    + synth.height().max() + "): inputs are never reduced below the largest trained height; use 0 for it");
        }
    }

    /** The geometry evaluate and digitize bring inputs to: the trained heights, eval.reduction and eval.reduce_to. */
    public io.veernet.data.raster.WorkingGeometry workingGeometry() {
        return synth.workingGeometry().with(eval.reduction()).reducingTo(eval.reduceTo());
    }

    public static VeernetConfig defaults() {
        return new VeernetConfig("default", DataConfig.defaults(), SynthConfig.defaults(), ModelConfig.defaults(),
                TrainConfig.defaults(), EvalConfig.defaults());
    }
}
