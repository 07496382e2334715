package io.veernet.config;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a run's dataset lives and how it is made.
 *
 * @param path       the dataset folder (relative paths are taken from the working directory)
 * @param seed       the dataset seed: sample i of a split depends only on (seed, split, i)
 * @param train      training samples
 * @param validation validation samples (scored every epoch)
 * @param test       test samples (scored by {@code veernet evaluate})
 */
public record DataConfig(String path, long seed, int train, int validation, int test) {

    public DataConfig {
        if (path == null || path.isBlank()) {
            throw new IllegalArgumentException("path must name the dataset folder");
        }
        if (train < 1) {
            throw new IllegalArgumentException("train must be at least 1, got " + train);
        }
        if (validation < 1) {
            throw new IllegalArgumentException("validation must be at least 1, got " + validation);
        }
        if (test < 0) {
            throw new IllegalArgumentException("test must not be negative, got " + test);
        }
    }

    public static DataConfig defaults() {
        return new DataConfig("data/default", 1, 64, 16, 16);
    }

    /** Samples per split, in the order they are generated. */
    public Map<String, Integer> counts() {
        Map<String, Integer> m = new LinkedHashMap<>();
        m.put("train", train);
        m.put("validation", validation);
        m.put("test", test);
        return m;
    }
}
