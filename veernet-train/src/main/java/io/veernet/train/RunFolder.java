package io.veernet.train;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.veernet.config.ConfigException;
import io.veernet.config.ConfigLoader;
import io.veernet.config.VeernetConfig;
import io.veernet.data.io.AtomicFiles;
import io.veernet.data.io.Json;
import io.veernet.data.io.JsonDiff;
import io.veernet.data.io.ProcessLock;
import io.veernet.model.checkpoint.CheckpointStore;
import io.veernet.model.checkpoint.StoreIo;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A run's folder ({@code runs/NAME/}) and the one owner of its layout: the resolved config, the
 * dataset the run was trained on, the log, metrics, checkpoints, snapshots, post-hoc EMA snapshots, weights and recorded
 * evaluation choices. While a process trains in it, it holds an OS file lock on {@code .lock}; the
 * OS drops the lock when the process dies, so a crash never leaves it locked. Only the lock holder
 * writes checkpoints or cleans up after a crash; readers (evaluate, digitize) never delete anything.
 */
public final class RunFolder implements AutoCloseable {

    private static final String CONFIG = "config.yaml";
    private static final String DATA = "data.json";
    private static final String CHOICES = "choices";
    private static final String CHECKPOINT_PREFIX = "ckpt";
    private static final String SNAPSHOT_PREFIX = "snap";
    private static final String POST_HOC = "post-hoc-ema";
    private static final String POST_HOC_PREFIX = "phema";

    private final Path dir;
    private ProcessLock lock;
    private FileAppender<ILoggingEvent> logAppender;

    private RunFolder(Path dir) {
        this.dir = dir;
    }

    /** Opens (creating if needed) and locks a run folder; a second process gets a clear refusal. */
    public static RunFolder openLocked(Path dir) throws IOException {
        Files.createDirectories(dir);
        RunFolder run = new RunFolder(dir);
        run.lock = ProcessLock.tryAcquire(dir.resolve(".lock")).orElseThrow(() -> new RunLockedException(dir));
        return run;
    }

    /** Opens a run folder to read (evaluate, digitize) without locking it; nothing is created. */
    public static RunFolder open(Path dir) {
        return new RunFolder(dir);
    }

    public Path dir() {
        return dir;
    }

    public Path config() {
        return dir.resolve(CONFIG);
    }

    public Path metrics() {
        return dir.resolve("metrics.csv");
    }

    public Path log() {
        return dir.resolve("train.log");
    }

    public Path weights() {
        return dir.resolve("weights");
    }

    /** The raw weights of the best-validated epoch. */
    public Path bestWeights() {
        return weights().resolve("best.safetensors");
    }

    /** Where a recorded evaluation choice (e.g. the soup's ingredients) lives, by name. */
    public Path choice(String name) {
        return dir.resolve(CHOICES).resolve(name + ".json");
    }

    // ---- checkpoints and snapshots ----

    /** The checkpoints, to read: never creates or deletes anything, so it is safe beside a trainer. */
    public CheckpointStore checkpoints() {
        return CheckpointStore.reader(dir.resolve("checkpoints"), CHECKPOINT_PREFIX);
    }

    /** The per-epoch weight snapshots (LAWA, soup, ensemble), to read. */
    public CheckpointStore snapshots() {
        return CheckpointStore.reader(dir.resolve("snapshots"), SNAPSHOT_PREFIX);
    }

    /** The power-EMA snapshots post-hoc EMA rebuilds other lengths from, to read. */
    public CheckpointStore postHocSnapshots() {
        return CheckpointStore.reader(dir.resolve(POST_HOC), POST_HOC_PREFIX);
    }

    /** The power-EMA snapshot writer; every snapshot is kept. */
    public CheckpointStore postHocWriter(StoreIo io) throws IOException {
        requireLock();
        return CheckpointStore.writer(dir.resolve(POST_HOC), POST_HOC_PREFIX, Integer.MAX_VALUE, io);
    }

    /** The checkpoint writer, keeping the newest {@code keep}; only the lock holder may write (and clean up). */
    public CheckpointStore checkpointWriter(int keep, StoreIo io) throws IOException {
        requireLock();
        return CheckpointStore.writer(dir.resolve("checkpoints"), CHECKPOINT_PREFIX, keep, io);
    }

    /** The snapshot writer, keeping the newest {@code keep}; only the lock holder may write. */
    public CheckpointStore snapshotWriter(int keep, StoreIo io) throws IOException {
        requireLock();
        return CheckpointStore.writer(dir.resolve("snapshots"), SNAPSHOT_PREFIX, keep, io);
    }

    private void requireLock() {
        if (lock == null) {
            throw new IllegalStateException(dir + " is open to read; only the process holding its lock writes there");
        }
    }

    // ---- the resolved config ----

    /** The config the run was trained with; a folder without one is not a run folder. */
    public VeernetConfig loadConfig() {
        if (!Files.isRegularFile(config())) {
            throw new ConfigException(dir + ": not a run folder (no " + CONFIG + "); train first with "
                    + "scripts/veernet train --run " + dir);
        }
        return ConfigLoader.load(config());
    }

    /** Writes the resolved config the run trains with. */
    public void writeConfig(VeernetConfig config) throws IOException {
        requireLock();
        ConfigLoader.write(config, config());
    }

    /** What a checkpoint records to tie itself to the config it was trained with. */
    public static String configHash(VeernetConfig config) {
        return ConfigLoader.hash(config);
    }

    /**
     * A resumed run must use the config its checkpoint was trained with: {@code checkpointHash}
     * (as recorded by {@link #configHash}) is compared with {@code config}, and a difference names the
     * changed keys (against the run's config.yaml) unless {@code force}.
     *
     * @return the changed keys (empty when none); a forced change is logged by the caller
     */
    public List<String> checkConfig(VeernetConfig config, String checkpointHash, boolean force) {
        if (checkpointHash != null && checkpointHash.equals(configHash(config))) {
            return List.of();
        }
        List<String> changed;
        if (Files.isRegularFile(config())) {
            VeernetConfig saved = ConfigLoader.load(config());
            changed = JsonDiff.changedKeys(ConfigLoader.toTree(saved), ConfigLoader.toTree(config));
            if (changed.isEmpty() && checkpointHash != null && !checkpointHash.equals(configHash(saved))
                    && !checkpointHash.equals(ConfigLoader.hashWithin(config, writtenKeys()))) {
                // Not just keys a newer version added at their defaults: the file itself was edited.
                changed = List.of("(" + config() + " no longer matches the config the checkpoint was trained with)");
            }
        } else {
            changed = checkpointHash == null ? List.of() : List.of("(" + config() + " is missing)");
        }
        if (!changed.isEmpty() && !force) {
            throw new ConfigException(config() + ": the config differs from the run's in " + String.join(", ", changed)
                    + "; resume with the run's config, or pass --force-config to continue with the new one");
        }
        return changed;
    }

    private com.fasterxml.jackson.databind.JsonNode writtenKeys() {
        try {
            return ConfigLoader.writtenKeys(config());
        } catch (IOException e) {
            throw new ConfigException(config() + ": cannot be read (" + e.getMessage() + ")", e);
        }
    }

    // ---- the dataset the run was trained on ----

    /** Records the dataset this run trains on, so evaluate and resume use it rather than a YAML default. */
    public void recordData(Path dataset) throws IOException {
        requireLock();
        ObjectNode node = Json.mapper().createObjectNode();
        node.put("path", dataset.toAbsolutePath().normalize().toString());
        AtomicFiles.write(dir.resolve(DATA), true, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(node));
    }

    /** The dataset the run was trained on, if it was recorded (runs from before this was recorded have none). */
    public Optional<Path> recordedData() {
        Path file = dir.resolve(DATA);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            JsonNode node = Json.mapper().readTree(file.toFile());
            String path = node.path("path").asText("");
            if (path.isEmpty()) {
                throw new ConfigException(file + ": has no 'path'; delete it and pass --data to record the dataset again");
            }
            return Optional.of(Path.of(path));
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot be read (" + e.getMessage() + ")", e);
        }
    }

    /** The run's own dataset: the recorded one, else (older runs) the config's data.path. */
    public Path ownData(VeernetConfig config) {
        return recordedData().orElse(Path.of(config.data().path()));
    }

    // ---- the log ----

    /** Sends every log event (DEBUG and up from this project, INFO from libraries) to {@link #log()} too. */
    public void attachTrainLog() {
        String name = log().getFileName().toString();
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(ctx);
        encoder.setPattern("%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%thread] %logger{30} - %msg%n");
        encoder.start();
        logAppender = new FileAppender<>();
        logAppender.setContext(ctx);
        logAppender.setName("run-" + name);
        logAppender.setFile(dir.resolve(name).toString());
        logAppender.setAppend(true);
        logAppender.setEncoder(encoder);
        logAppender.start();
        ctx.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(logAppender);
        ctx.getLogger("io.veernet").setLevel(ch.qos.logback.classic.Level.DEBUG);
    }

    /** The log file events go to, if one is attached. */
    public Optional<Path> attachedLog() {
        return logAppender == null ? Optional.empty() : Optional.of(Path.of(logAppender.getFile()));
    }

    @Override
    public void close() throws IOException {
        if (logAppender != null) {
            LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
            ctx.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(logAppender);
            logAppender.stop();
            logAppender = null;
        }
        if (lock != null) {
            lock.close();
            lock = null;
        }
    }

    /** Another process holds the run folder. */
    public static final class RunLockedException extends RuntimeException {
        public RunLockedException(Path dir) {
            super(dir + ": another veernet process is using this run folder (it holds " + dir.resolve(".lock")
                    + "); wait for it to finish or stop it");
        }
    }
}
