package io.veernet.cli;

import io.veernet.config.VeernetConfig;
import io.veernet.data.dataset.Dataset;
import io.veernet.data.dataset.Manifest;
import io.veernet.data.io.ProcessLock;
import io.veernet.data.synth.DatasetGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds the dataset a run trains on. A dataset is generated only where generating was asked for
 * (the config's own {@code data.path}, or {@code --generate}): a mistyped {@code --data} is an
 * error, not a new synthetic dataset. One process generates a folder at a time; another waits.
 */
final class DataOption {

    private static final Logger LOG = LoggerFactory.getLogger(DataOption.class);

    private DataOption() {
    }

    /** Work done while holding a dataset folder's generation lock. */
    interface Locked<T> {
        T run() throws IOException;
    }

    /**
     * The dataset to train on: {@code override} (--data) if given, else what the run recorded, else
     * the config's data.path. Generated first only for the config's own path or with {@code generate}.
     */
    static Dataset forTraining(VeernetConfig cfg, Path override, boolean generate, Optional<Path> recorded,
                               boolean forceConfig, Path runDir) throws IOException {
        Path configured = Path.of(cfg.data().path());
        Path dir;
        if (override != null) {
            dir = override;
            if (recorded.isPresent() && !same(recorded.get(), override) && !forceConfig) {
                throw new UserInputException(runDir + " was trained on " + recorded.get() + ", not --data " + override
                        + "; leave --data out to continue on its own dataset, or pass --force-config to switch");
            }
        } else {
            dir = recorded.orElse(configured);
        }
        boolean mayGenerate = generate || same(dir, configured);
        return openOrGenerate(cfg, dir, mayGenerate, override != null ? "--data" : recorded.isPresent()
                ? "the dataset recorded in " + runDir : "data.path");
    }

    private static Dataset openOrGenerate(VeernetConfig cfg, Path dir, boolean mayGenerate, String source) throws IOException {
        if (Files.exists(dir.resolve(Manifest.FILE))) {
            return Dataset.open(dir);
        }
        if (!mayGenerate) {
            throw new UserInputException(dir + " (" + source + "): no dataset there (no " + Manifest.FILE
                    + "); check the path, or pass --generate to generate the config's synthetic dataset into it");
        }
        return exclusively(dir, () -> {
            // Another process may have finished it while we waited for the lock.
            if (!Files.exists(dir.resolve(Manifest.FILE)) && (!Files.exists(dir) || unfinished(dir))) {
                DatasetGenerator generator = new DatasetGenerator(cfg.synth(), cfg.data().seed(), cfg.data().counts());
                LOG.info("No dataset in {} yet: generating {} logs first", dir, generator.total());
                try (Progress progress = Progress.start("generate", generator.total())) {
                    generator.generate(dir, Runtime.getRuntime().availableProcessors(), false, progress::set);
                }
            }
            return Dataset.open(dir);
        });
    }

    /**
     * Runs {@code work} holding the generation lock of dataset folder {@code dir}: a file beside it
     * ({@code .NAME.lock}, so the folder itself stays a pure dataset), released by the OS if the
     * process dies. A second generator of the same folder waits, then finds the finished dataset.
     */
    static <T> T exclusively(Path dir, Locked<T> work) throws IOException {
        Path abs = dir.toAbsolutePath().normalize();
        Path lockFile = abs.getParent().resolve("." + abs.getFileName() + ".lock");
        try (ProcessLock lock = ProcessLock.acquire(lockFile,
                () -> LOG.info("Another veernet process is generating {}; waiting for it to finish", dir))) {
            return work.run();
        }
    }

    private static boolean same(Path a, Path b) {
        return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
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
