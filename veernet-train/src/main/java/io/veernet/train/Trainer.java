package io.veernet.train;

import io.veernet.config.TrainConfig;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.veernet.config.VeernetConfig;
import io.veernet.data.dataset.Dataset;
import io.veernet.data.dataset.SampleRef;
import io.veernet.data.io.Json;
import io.veernet.model.ModelConfig;
import io.veernet.model.Predictor;
import io.veernet.model.VeerNet;
import io.veernet.model.averaging.Ema;
import io.veernet.model.averaging.EmaSet;
import io.veernet.model.averaging.SwaBuffer;
import io.veernet.model.averaging.WeightMaps;
import io.veernet.model.checkpoint.Checkpoint;
import io.veernet.model.checkpoint.CheckpointStore;
import io.veernet.model.checkpoint.Groups;
import io.veernet.model.checkpoint.StoreIo;
import io.veernet.model.checkpoint.TrainingState;
import io.veernet.model.io.ParamsFile;
import io.veernet.model.io.SafeTensorsFile;
import io.veernet.model.optim.Optimizer;
import io.veernet.model.optim.StepResult;
import io.veernet.train.loss.SegmentationLoss;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The training loop. Read {@link #run()} top to bottom: for each epoch a seeded shuffle; for each
 * image forward, loss, backward, optimizer step, EMA update; at each epoch's end the SWA update,
 * validation, a weight snapshot and a checkpoint. Everything a checkpoint holds is restored on
 * resume, so a resumed run ends with the same weights as an uninterrupted one.
 */
public final class Trainer {

    private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);

    /** Test seam: makes the loss of this global step NaN, to exercise divergence handling. */
    static final String NAN_AT_STEP = "veernet.faults.nan_loss_at_step";

    private final VeernetConfig config;
    private final TrainConfig t;
    private final RunFolder run;
    private final Dataset data;
    private final StopSignal stop;
    private final StoreIo storeIo;
    private java.util.function.BiConsumer<Long, String> progress = (step, status) -> { };
    private final StepTimings timings = new StepTimings();

    /** How a run ended. */
    public record Result(int epochsDone, long steps, Path checkpoint, List<EpochRecord> history, StepTimings timings) {
    }

    /** Where a run stands: the next epoch, images done in it, optimizer steps so far, and the epoch's sums. */
    private static final class Position {
        int epoch;
        int batch;
        long step;
        int bestEpoch;
        double bestScore = Double.NEGATIVE_INFINITY;
        double lossSum;
        int images;
        double seconds;
        long waitNanos;
    }

    public Trainer(VeernetConfig config, RunFolder run, Dataset data, StopSignal stop, StoreIo storeIo) {
        this.config = config;
        this.t = config.train();
        this.run = run;
        this.data = data;
        this.stop = stop;
        this.storeIo = storeIo;
    }

    /** Receives the global step count and a one-line status after every step, for a progress bar. */
    public Trainer onStep(java.util.function.BiConsumer<Long, String> listener) {
        this.progress = listener;
        return this;
    }

    /** Steps per epoch for this config and dataset. */
    public int batchesPerEpoch() {
        return (data.split("train").size() + t.batchSize() - 1) / t.batchSize();
    }

    /**
     * Trains from scratch or resumes from the newest valid checkpoint in the run folder.
     *
     * @param forceConfig resume even when the config differs from the run's
     */
    public Result run(boolean forceConfig) throws IOException, InterruptedException {
        List<SampleRef> train = data.split("train");
        Validator validator = new Validator(limit(data.split("validation"), t.validation().maxImages()));
        int batches = batchesPerEpoch();
        LrSchedule schedule = new LrSchedule(t.lr(), t.epochs(), batches, t.swaStartIndex());
        SegmentationLoss lossFn = new SegmentationLoss(t.loss());
        Engine.getInstance().setRandomSeed((int) t.seed());
        TrainingSource source = new TrainingSource(config, train);

        try (NDManager manager = NDManager.newBaseManager()) {
            VeerNet net = new VeerNet(config.model());
            int m = config.model().minInputMultiple();
            net.initialize(manager, DataType.FLOAT32, new Shape(1, ModelConfig.IN_CHANNELS, m, m));
            Map<String, Parameter> params = net.namedParameters();
            for (Parameter p : params.values()) {
                if (p.requiresGradient()) {
                    p.getArray().setRequiresGradient(true);
                }
            }
            ParameterStore store = new ParameterStore(manager, false);
            try (Optimizer optimizer = Optimizer.create(t.optimizer(), params, manager);
                 EmaSet emas = new EmaSet(t.emaDecays(), params, manager);
                 SwaBuffer swa = new SwaBuffer(params, manager);
                 Predictor evalNet = Predictor.create(config.model(), manager)) {
                TrainingState state = new TrainingState(params, optimizer, emas, swa);
                CheckpointStore checkpoints = run.checkpointWriter(t.checkpoint().keep(), storeIo);
                CheckpointStore snapshots = run.snapshotWriter(t.snapshots(), storeIo);
                List<EpochRecord> history = new ArrayList<>();
                Position pos = resume(checkpoints, state, history, forceConfig, manager);
                Path lastCheckpoint = checkpoints.files().isEmpty() ? null : checkpoints.files().get(checkpoints.files().size() - 1);
                if (pos.epoch >= t.epochs()) {
                    LOG.info("{} already finished all {} epochs", run.dir(), t.epochs());
                    return new Result(t.epochs(), pos.step, lastCheckpoint, history, timings);
                }
                run.writeConfig(config);
                long nanAt = Long.getLong(NAN_AT_STEP, -1);

                for (int epoch = pos.epoch; epoch < t.epochs(); epoch++) {
                    List<SampleRef> order = EpochOrder.of(train, t.seed(), epoch);
                    int first = pos.batch * t.batchSize();
                    long epochStart = System.nanoTime() - (long) (pos.seconds * 1e9);
                    long waitBefore = pos.waitNanos;
                    double secondsBefore = pos.seconds;
                    final int epochIndex = epoch;
                    try (Prefetcher prefetch = new Prefetcher(order.subList(first, order.size()), t.prefetch(),
                            ref -> source.load(ref, epochIndex))) {
                        for (int b = pos.batch; b < batches; b++) {
                            List<TrainingExample> batch = new ArrayList<>();
                            for (int i = 0; i < t.batchSize() && b * t.batchSize() + i < order.size(); i++) {
                                batch.add(prefetch.next());
                            }
                            double lr = schedule.at(pos.step);
                            Engine.getInstance().setRandomSeed(stepSeed(pos.step));
                            double loss = step(net, store, manager, lossFn, batch, lr, optimizer, emas,
                                    pos.step == nanAt, epoch, lastCheckpoint);
                            pos.step++;
                            pos.batch = b + 1;
                            pos.lossSum += loss * batch.size();
                            pos.images += batch.size();
                            pos.seconds = (System.nanoTime() - epochStart) / 1e9;
                            pos.waitNanos = waitBefore + prefetch.waitNanos();
                            progress.accept(pos.step, String.format(Locale.ROOT, "epoch %d/%d loss %.4f lr %.2e", epoch + 1,
                                    t.epochs(), pos.lossSum / pos.images, lr));
                            // At an epoch's last batch the end-of-epoch work below writes the checkpoint.
                            boolean midEpoch = pos.batch < batches;
                            boolean stopping = stop.requested() && midEpoch;
                            boolean due = t.checkpoint().everySteps() > 0 && pos.step % t.checkpoint().everySteps() == 0;
                            if ((stopping || due) && midEpoch) {
                                pos.epoch = epoch;
                                lastCheckpoint = save(state, checkpoints, pos, history);
                            }
                            if (stopping) {
                                throw new TrainingException(TrainingException.Kind.STOPPED, "stopped by signal at epoch "
                                        + (epoch + 1) + ", step " + pos.step + "; checkpoint " + lastCheckpoint
                                        + " (resume with the same command)");
                            }
                        }
                    }

                    // End of epoch: SWA, validation, snapshot, history, checkpoint.
                    timings.epoch(pos.waitNanos - waitBefore, (long) ((pos.seconds - secondsBefore) * 1e9));
                    if (t.swaStartIndex() >= 0 && epoch >= t.swaStartIndex()) {
                        long t0 = System.nanoTime();
                        swa.update();
                        timings.swaUpdate(System.nanoTime() - t0);
                    }
                    EpochRecord record = new EpochRecord(epoch + 1, pos.step, schedule.at(pos.step - 1),
                            pos.lossSum / Math.max(1, pos.images), pos.images / Math.max(pos.seconds, 1e-9), pos.seconds,
                            pos.waitNanos / 1e9 / Math.max(pos.seconds, 1e-9),
                            validate(epoch, validator, evalNet, params, emas, swa, train));
                    history.add(record);
                    saveSnapshot(snapshots, params, record);
                    keepBest(net, record, pos);
                    MetricsCsv.write(run.metrics(), history);
                    logEpoch(record);
                    pos.epoch = epoch + 1;
                    pos.batch = 0;
                    pos.lossSum = 0;
                    pos.images = 0;
                    pos.seconds = 0;
                    pos.waitNanos = 0;
                    lastCheckpoint = save(state, checkpoints, pos, history);
                    if (stop.requested()) {
                        throw new TrainingException(TrainingException.Kind.STOPPED, "stopped by signal after epoch "
                                + (epoch + 1) + "; checkpoint " + lastCheckpoint + " (resume with the same command)");
                    }
                }
                exportWeights(net, evalNet, emas, swa);
                return new Result(t.epochs(), pos.step, lastCheckpoint, history, timings);
            }
        }
    }

    /** One optimizer step on a batch: forward, loss, backward, update, EMA. Returns the loss. */
    private double step(VeerNet net, ParameterStore store, NDManager manager, SegmentationLoss lossFn,
                        List<TrainingExample> batch, double lr, Optimizer optimizer, EmaSet emas, boolean injectNan,
                        int epoch, Path lastCheckpoint) {
        long t0 = System.nanoTime();
        try (NDManager scope = manager.newSubManager()) {
            Batch tensors = Batch.of(scope, batch, config.model().minInputMultiple());
            NDArray value;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray logits = net.forward(store, new NDList(tensors.ink()), true).singletonOrThrow();
                value = lossFn.compute(logits, tensors.labels(), tensors.valid());
                if (injectNan) {
                    // A scalar owned by the step (a Java-owned one is freed before backward reads it).
                    value = value.mul(value.getManager().create(Float.NaN));
                }
                // No read here: the optimizer reads the loss with the gradient norm, one host
                // sync per step; a non-finite loss leaves the weights untouched all the same.
                collector.backward(value);
            }
            long t1 = System.nanoTime();
            StepResult r = optimizer.step((float) lr, value);
            double loss = r.loss();
            if (!Double.isFinite(loss)) {
                throw diverged("loss is " + loss, epoch, batch, lastCheckpoint);
            }
            if (!r.applied()) {
                throw diverged("gradient norm is " + r.gradNorm(), epoch, batch, lastCheckpoint);
            }
            long t2 = System.nanoTime();
            emas.update();
            long t3 = System.nanoTime();
            timings.step(new StepTimings.Step(t1 - t0, t2 - t1, t3 - t2, t3 - t0));
            return loss;
        }
    }

    private TrainingException diverged(String what, int epoch, List<TrainingExample> batch, Path lastCheckpoint) {
        return new TrainingException(TrainingException.Kind.DIVERGED, "training diverged at epoch " + (epoch + 1)
                + " on " + batch.stream().map(e -> e.ref().toString()).toList() + ": " + what
                + "; the weights were not updated and the newest checkpoint stays "
                + (lastCheckpoint != null ? lastCheckpoint : "(none yet)")
                + ". Lower train.lr.peak or raise train.optimizer.clip_norm, then resume.");
    }

    /** Scores raw, every EMA and (once it exists) SWA on the validation split, when due. */
    private Map<String, ValidationScore> validate(int epoch, Validator validator, Predictor evalNet,
                                                  Map<String, Parameter> params, EmaSet emas, SwaBuffer swa,
                                                  List<SampleRef> train) {
        boolean due = (epoch + 1) % t.validation().everyEpochs() == 0 || epoch + 1 == t.epochs();
        Map<String, ValidationScore> scores = new LinkedHashMap<>();
        if (!due) {
            return scores;
        }
        evalNet.load(WeightMaps.live(params));
        scores.put("raw", validator.score(evalNet));
        for (Ema ema : emas.all()) {
            evalNet.load(ema.weights());
            recalibrate(evalNet, train);
            scores.put(Groups.ema(ema.decay()), validator.score(evalNet));
        }
        if (swa.count() > 0) {
            evalNet.load(swa.weights());
            recalibrate(evalNet, train);
            scores.put(Groups.SWA, validator.score(evalNet));
        }
        return scores;
    }

    /** BatchNorm models: averaged weights need statistics of their own, from a pass over training images. */
    private static void recalibrate(Predictor evalNet, List<SampleRef> train) {
        NormStatistics.recalibrate(evalNet, train, 16);
    }

    private void saveSnapshot(CheckpointStore snapshots, Map<String, Parameter> params, EpochRecord record)
            throws IOException {
        ObjectNode meta = Json.mapper().createObjectNode();
        meta.put("epoch", record.epoch());
        ValidationScore raw = record.validation().get("raw");
        if (raw != null) {
            meta.put("score", raw.score());
        }
        snapshots.save(record.epoch(), record.step(), Map.of(Groups.MODEL, WeightMaps.live(params)), meta);
    }

    /** The raw weights of the best-validated epoch so far, as {@code weights/best.safetensors}. */
    private void keepBest(VeerNet net, EpochRecord record, Position pos) throws IOException {
        ValidationScore raw = record.validation().get("raw");
        if (raw == null || !(raw.score() > pos.bestScore)) {
            return;
        }
        Files.createDirectories(run.weights());
        SafeTensorsFile.save(net, run.bestWeights());
        pos.bestEpoch = record.epoch();
        pos.bestScore = raw.score();
    }

    private Path save(TrainingState state, CheckpointStore checkpoints, Position pos, List<EpochRecord> history)
            throws IOException {
        ObjectNode meta = Json.mapper().createObjectNode();
        meta.put("config_hash", RunFolder.configHash(config));
        ObjectNode p = meta.putObject("position");
        p.put("epoch", pos.epoch).put("batch", pos.batch).put("step", pos.step).put("loss_sum", pos.lossSum)
                .put("images", pos.images).put("seconds", pos.seconds).put("wait_nanos", pos.waitNanos)
                .put("best_epoch", pos.bestEpoch).put("best_score", pos.bestScore);
        meta.put("seed", t.seed());
        meta.set("history", Json.mapper().valueToTree(history));
        long t0 = System.nanoTime();
        Path file;
        try {
            file = state.save(checkpoints, pos.epoch, pos.step, meta);
        } catch (IOException e) {
            List<Path> files = checkpoints.files();
            throw new IOException("the checkpoint at epoch " + (pos.epoch + 1) + ", step " + pos.step + " could not be written ("
                    + e.getMessage() + "); training stopped and the newest checkpoint stays "
                    + (files.isEmpty() ? "(none yet)" : files.get(files.size() - 1)), e);
        }
        timings.checkpointWrite(System.nanoTime() - t0);
        LOG.debug("checkpoint {} written in {} ms", file.getFileName(), (System.nanoTime() - t0) / 1_000_000);
        return file;
    }

    /** Restores the newest valid checkpoint, if any; refuses a changed config unless forced. */
    private Position resume(CheckpointStore checkpoints, TrainingState state, List<EpochRecord> history,
                            boolean forceConfig, NDManager manager) throws IOException {
        Position pos = new Position();
        try (NDManager scope = manager.newSubManager()) {
            Optional<Checkpoint> found = checkpoints.latestValid(scope);
            if (found.isEmpty()) {
                if (!checkpoints.skipped().isEmpty()) {
                    throw noValidCheckpoint(checkpoints);
                }
                return pos;
            }
            Checkpoint ckpt = found.get();
            List<String> changed = run.checkConfig(config, ckpt.meta().path("config_hash").asText(null), forceConfig);
            if (!changed.isEmpty()) {
                LOG.warn("Continuing {} with a changed config ({}), as --force-config asks", run.dir(), String.join(", ", changed));
            }
            state.restore(ckpt);
            JsonNode p = ckpt.meta().path("position");
            pos.epoch = p.path("epoch").asInt();
            pos.batch = p.path("batch").asInt();
            pos.step = p.path("step").asLong();
            pos.lossSum = p.path("loss_sum").asDouble();
            pos.images = p.path("images").asInt();
            pos.seconds = p.path("seconds").asDouble();
            pos.waitNanos = p.path("wait_nanos").asLong();
            pos.bestEpoch = p.path("best_epoch").asInt();
            pos.bestScore = p.path("best_score").asDouble(Double.NEGATIVE_INFINITY);
            for (JsonNode r : ckpt.meta().path("history")) {
                history.add(Json.mapper().treeToValue(r, EpochRecord.class));
            }
            LOG.info("Resuming {} from {}: epoch {}, {} of {} images done, step {}", run.dir(), ckpt.file().getFileName(),
                    pos.epoch + 1, pos.batch * t.batchSize(), data.split("train").size(), pos.step);
        }
        return pos;
    }

    /**
     * Every checkpoint is unusable: starting from epoch 1 would silently throw the run away, so stop
     * and say how to start over deliberately.
     */
    private TrainingException noValidCheckpoint(CheckpointStore checkpoints) {
        StringBuilder why = new StringBuilder();
        for (CheckpointStore.Skipped s : checkpoints.skipped()) {
            why.append(why.length() == 0 ? "" : "; ").append(s.file().getFileName()).append(": ").append(s.reason());
        }
        return new TrainingException(TrainingException.Kind.NO_VALID_CHECKPOINT, checkpoints.folder() + ": none of its "
                + checkpoints.skipped().size() + " checkpoint(s) is usable (" + why + "); nothing was changed. To start "
                + "over deliberately, move them aside (mv " + checkpoints.folder() + " " + checkpoints.folder()
                + ".broken) and run the same command again");
    }

    /** The final raw, EMA and SWA weights as DJL .params (with the architecture) and SafeTensors. */
    private void exportWeights(VeerNet net, Predictor evalNet, EmaSet emas, SwaBuffer swa) throws IOException {
        Path dir = run.weights();
        Files.createDirectories(dir);
        ParamsFile.save(net, dir.resolve("raw.params"));
        SafeTensorsFile.save(net, dir.resolve("raw.safetensors"));
        for (Ema ema : emas.all()) {
            evalNet.load(ema.weights());
            ParamsFile.save(evalNet.net(), dir.resolve(Groups.ema(ema.decay()) + ".params"));
            SafeTensorsFile.save(evalNet.net(), dir.resolve(Groups.ema(ema.decay()) + ".safetensors"));
        }
        if (swa.count() > 0) {
            evalNet.load(swa.weights());
            ParamsFile.save(evalNet.net(), dir.resolve("swa.params"));
            SafeTensorsFile.save(evalNet.net(), dir.resolve("swa.safetensors"));
        }
        LOG.info("Weights written to {}", dir);
    }

    private void logEpoch(EpochRecord r) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                "epoch %d/%d: loss %.4f, lr %.2e, %.2f img/s, %.1f s, data wait %.1f%%", r.epoch(), t.epochs(),
                r.trainLoss(), r.lr(), r.imagesPerSecond(), r.seconds(), 100 * r.dataWaitShare()));
        r.validation().forEach((model, v) -> sb.append(String.format(Locale.ROOT,
                " | %s bg-IoU %.4f R2 %.4f/%.4f", model, v.backgroundIou(), v.curve1R2Median(), v.curve2R2Median())));
        LOG.info(sb.toString());
    }

    private int stepSeed(long step) {
        return (int) (t.seed() * 1_000_003L + step);
    }

    private static List<SampleRef> limit(List<SampleRef> refs, int max) {
        return max > 0 && refs.size() > max ? refs.subList(0, max) : refs;
    }
}
