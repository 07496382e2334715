package io.veernet.cli;

import io.veernet.config.VeernetConfig;
import io.veernet.data.dataset.Dataset;
import io.veernet.data.synth.DatasetGenerator;
import io.veernet.data.dataset.Manifest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Finds a run's dataset, generating it first when the folder is missing, empty or unfinished. */
final class DataOption {

    private static final Logger LOG = LoggerFactory.getLogger(DataOption.class);

    private DataOption() {
    }

    static Dataset openOrGenerate(VeernetConfig cfg, Path override) throws IOException {
        Path dir = override != null ? override : Path.of(cfg.data().path());
        if (!Files.exists(dir.resolve(Manifest.FILE)) && (!Files.exists(dir) || unfinished(dir))) {
            DatasetGenerator generator = new DatasetGenerator(cfg.synth(), cfg.data().seed(), cfg.data().counts());
            LOG.info("No dataset in {} yet: generating {} logs first", dir, generator.total());
            try (Progress progress = Progress.start("generate", generator.total())) {
                generator.generate(dir, Runtime.getRuntime().availableProcessors(), false, progress::set);
            }
        }
        return Dataset.open(dir);
    }

    /** Empty, or left by an interrupted generation. */
    private static boolean unfinished(Path dir) throws IOException {
        if (Files.exists(dir.resolve(".generating.json"))) {
            return true;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }
}
