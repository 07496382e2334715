package io.veernet.config;

import io.veernet.data.synth.SynthConfig;

/**
 * One run's whole configuration, as written in a YAML file under configs/: every key has a
 * default, so a config names only what differs.
 *
 * @param name  a short name for reports
 * @param data  the dataset
 * @param synth the synthetic-log generator
 */
public record VeernetConfig(String name, DataConfig data, SynthConfig synth) {

    public VeernetConfig {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name must not be empty");
        }
    }

    public static VeernetConfig defaults() {
        return new VeernetConfig("default", DataConfig.defaults(), SynthConfig.defaults());
    }
}
