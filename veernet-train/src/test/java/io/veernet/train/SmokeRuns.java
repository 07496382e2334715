package io.veernet.train;

import io.veernet.config.ConfigLoader;
import io.veernet.config.VeernetConfig;
import io.veernet.data.dataset.Dataset;
import io.veernet.data.synth.DatasetGenerator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Shared fixtures for tests that train: a tiny config and its dataset, generated once per JVM. */
public final class SmokeRuns {

    private static Path dataset;

    private SmokeRuns() {
    }

    /** A config small enough to train in seconds, with the given overrides in YAML. */
    public static VeernetConfig config(String overrides) {
        String base = """
                name: test
                data: {path: unused, seed: 3, train: 6, validation: 2, test: 2}
                synth: {width: {min: 96, max: 160}, height: {min: 32, max: 48}, realism: 0.3}
                model: {depth: 2, base_width: 4, max_width: 8, attention_dim: 16, attention_layers: 1, attention_heads: 2, dropout: 0.1}
                train:
                  epochs: 4
                  ema: [{decay: 0.5}, {decay: 0.9}]
                  snapshots: 3
                  lr: {peak: 0.003, warmup_epochs: 0.5, swa_lr: 0.001, swa_anneal_epochs: 0.5}
                """;
        VeernetConfig cfg = ConfigLoader.parse("test", base, VeernetConfig.class, VeernetConfig.defaults());
        return overrides.isBlank() ? cfg : ConfigLoader.parse("test overrides", overrides, VeernetConfig.class, cfg);
    }

    /** Trains {@code cfg} on the smoke dataset into {@code runDir} to the end. */
    public static Trainer.Result train(VeernetConfig cfg, Path runDir) throws Exception {
        try (RunFolder run = RunFolder.openLocked(runDir)) {
            run.recordData(dataset().root());
            return new Trainer(cfg, run, dataset(), StopSignal.never(), io.veernet.model.checkpoint.StoreIo.local()).run(false);
        }
    }

    /** Copies a folder tree (a dataset to break in a test without touching the shared one). */
    public static void copyTree(Path from, Path to) throws IOException {
        try (java.util.stream.Stream<Path> s = Files.walk(from)) {
            for (Path p : s.sorted().toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    /** The dataset of {@link #config}, generated on first use. */
    public static synchronized Dataset dataset() throws IOException {
        if (dataset == null) {
            dataset = Files.createTempDirectory("veernet-smoke-data");
            VeernetConfig cfg = config("");
            new DatasetGenerator(cfg.synth(), cfg.data().seed(), cfg.data().counts()).generate(dataset, 2, false, n -> { });
        }
        return Dataset.open(dataset);
    }
}
