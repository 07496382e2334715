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
import io.veernet.model.averaging.Averager;
import io.veernet.model.averaging.PowerEma;
import io.veernet.model.averaging.TrainingMoment;
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
 * The training loop. Read {@link #run()} top to bottom, then {@link Loop}: for each epoch a seeded
 * shuffle; for each image forward, loss, backward, optimizer step and every averager whose cadence
 * takes the step; at each epoch's end the epoch-end averagers (SWA), validation (SWAD listens), a
 * weight snapshot, the post-hoc EMA snapshot when due and a checkpoint. Everything a checkpoint holds is restored on
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

    /** Everything one training process holds while it runs: built once, then driven epoch by epoch. */
    private final class Loop {
        final List<SampleRef> train = data.split("train");
        final Validator validator = new Validator(limit(data.split("validation"), t.validation().maxImages()));
        final int batches = batchesPerEpoch();
        final LrSchedule schedule = new LrSchedule(t.lr(), t.epochs(), batches, t.swaStartIndex());
        final SegmentationLoss lossFn = new SegmentationLoss(t.loss());
        final TrainingSource source = new TrainingSource(config, train);
        final long nanAt = Long.getLong(NAN_AT_STEP, -1);
        final NDManager manager;
        final VeerNet net;
        final Map<String, Parameter> params;
        final ParameterStore store;
        final Optimizer optimizer;
        final Averagers averagers;
        final Predictor evalNet;
        final TrainingState state;
        final CheckpointStore checkpoints;
        final CheckpointStore snapshots;
        final CheckpointStore postHoc;
        final List<EpochRecord> history = new ArrayList<>();
        Position pos = Position.start();
        Path lastCheckpoint;

        Loop(NDManager manager, VeerNet net, Optimizer optimizer, Averagers averagers, Predictor evalNet) throws IOException {
            this.manager = manager;
            this.net = net;
            this.params = net.namedParameters();
            this.store = new ParameterStore(manager, false);
            this.optimizer = optimizer;
            this.averagers = averagers;
            this.evalNet = evalNet;
            this.state = new TrainingState(params, optimizer, averagers.all());
            this.checkpoints = run.checkpointWriter(t.checkpoint().keep(), storeIo);
            this.snapshots = run.snapshotWriter(t.snapshots(), storeIo);
            this.postHoc = averagers.powerEmas().isEmpty() ? null : run.postHocWriter(storeIo);
        }

        /** One pass over the epoch's images from where the position stands: a step per batch, mid-epoch checkpoints. */
        void epoch(int epoch) throws IOException, InterruptedException {
            List<SampleRef> order = EpochOrder.of(train, t.seed(), epoch);
            int first = pos.batch() * t.batchSize();
            long epochStart = System.nanoTime() - (long) (pos.seconds() * 1e9);
            long waitBefore = pos.waitNanos();
            double secondsBefore = pos.seconds();
            try (Prefetcher prefetch = new Prefetcher(order.subList(first, order.size()), t.prefetch(),
                    ref -> source.load(ref, epoch))) {
                for (int b = pos.batch(); b < batches; b++) {
                    List<TrainingExample> batch = new ArrayList<>();
                    for (int i = 0; i < t.batchSize() && b * t.batchSize() + i < order.size(); i++) {
                        batch.add(prefetch.next());
                    }
                    double lr = schedule.at(pos.step());
                    Engine.getInstance().setRandomSeed(stepSeed(pos.step()));
                    double loss = step(this, batch, lr, pos.step() == nanAt, epoch);
                    pos = pos.afterBatch(b, loss, batch.size(), (System.nanoTime() - epochStart) / 1e9,
                            waitBefore + prefetch.waitNanos());
                    progress.accept(pos.step(), String.format(Locale.ROOT, "epoch %d/%d loss %.4f lr %.2e", epoch + 1,
                            t.epochs(), pos.lossSum() / pos.images(), lr));
                    afterStep(epoch);
                }
            }
            timings.epoch(pos.waitNanos() - waitBefore, (long) ((pos.seconds() - secondsBefore) * 1e9));
        }

        /** A mid-epoch checkpoint when one is due or a stop was asked for (the epoch's end writes its own). */
        private void afterStep(int epoch) throws IOException {
            boolean midEpoch = pos.batch() < batches;
            boolean stopping = stop.requested() && midEpoch;
            boolean due = t.checkpoint().everySteps() > 0 && pos.step() % t.checkpoint().everySteps() == 0;
            if ((stopping || due) && midEpoch) {
                lastCheckpoint = save(this);
            }
            if (stopping) {
                throw new TrainingException(TrainingException.Kind.STOPPED, "stopped by signal at epoch "
                        + (epoch + 1) + ", step " + pos.step() + "; checkpoint " + lastCheckpoint
                        + " (resume with the same command)");
            }
        }

        /** The epoch's end: epoch-end averagers, validation (which SWAD listens to), snapshots, history, checkpoint. */
        void endOfEpoch(int epoch) throws IOException {
            long t0 = System.nanoTime();
            averagers.feed(TrainingMoment.epochEnd(pos.step(), epoch));
            timings.swaUpdate(System.nanoTime() - t0);
            EpochRecord record = new EpochRecord(epoch + 1, pos.step(), schedule.at(pos.step() - 1),
                    pos.lossSum() / Math.max(1, pos.images()), pos.images() / Math.max(pos.seconds(), 1e-9), pos.seconds(),
                    pos.waitNanos() / 1e9 / Math.max(pos.seconds(), 1e-9), validate(this, epoch));
            ValidationScore raw = record.validation().get("raw");
            if (raw != null) {
                averagers.validated(epoch, pos.step(), raw.score());
            }
            history.add(record);
            saveSnapshot(snapshots, params, record);
            savePostHocSnapshot(this, epoch);
            keepBest(this, record);
            MetricsCsv.write(run.metrics(), history);
            logEpoch(record);
            pos = pos.nextEpoch();
            lastCheckpoint = save(this);
            if (stop.requested()) {
                throw new TrainingException(TrainingException.Kind.STOPPED, "stopped by signal after epoch "
                        + (epoch + 1) + "; checkpoint " + lastCheckpoint + " (resume with the same command)");
            }
        }
    }

    /**
     * Trains from scratch or resumes from the newest valid checkpoint in the run folder.
     *
     * @param forceConfig resume even when the config differs from the run's
     */
    public Result run(boolean forceConfig) throws IOException, InterruptedException {
        Engine.getInstance().setRandomSeed((int) t.seed());
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
            try (Optimizer optimizer = Optimizer.create(t.optimizer(), params, manager);
                 Averagers averagers = Averagers.of(t, batchesPerEpoch(), params, manager);
                 Predictor evalNet = Predictor.create(config.model(), manager)) {
                Loop loop = new Loop(manager, net, optimizer, averagers, evalNet);
                resume(loop, forceConfig);
                List<Path> files = loop.checkpoints.files();
                loop.lastCheckpoint = files.isEmpty() ? null : files.get(files.size() - 1);
                if (loop.pos.epoch() >= t.epochs()) {
                    LOG.info("{} already finished all {} epochs", run.dir(), t.epochs());
                    return new Result(t.epochs(), loop.pos.step(), loop.lastCheckpoint, loop.history, timings);
                }
                run.writeConfig(config);
                for (int epoch = loop.pos.epoch(); epoch < t.epochs(); epoch++) {
                    loop.epoch(epoch);
                    loop.endOfEpoch(epoch);
                }
                exportWeights(loop);
                return new Result(t.epochs(), loop.pos.step(), loop.lastCheckpoint, loop.history, timings);
            }
        }
    }

    /** One optimizer step on a batch: forward, loss, backward, update, averagers. Returns the loss. */
    private double step(Loop l, List<TrainingExample> batch, double lr, boolean injectNan, int epoch) {
        long t0 = System.nanoTime();
        try (NDManager scope = l.manager.newSubManager()) {
            Batch tensors = Batch.of(scope, batch, config.model().minInputMultiple());
            NDArray value;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray logits = l.net.forward(l.store, new NDList(tensors.ink()), true).singletonOrThrow();
                value = l.lossFn.compute(logits, tensors.labels(), tensors.valid());
                if (injectNan) {
                    // A scalar owned by the step (a Java-owned one is freed before backward reads it).
                    value = value.mul(value.getManager().create(Float.NaN));
                }
                // No read here: the optimizer reads the loss with the gradient norm, one host
                // sync per step; a non-finite loss leaves the weights untouched all the same.
                collector.backward(value);
            }
            long t1 = System.nanoTime();
            StepResult r = l.optimizer.step((float) lr, value);
            double loss = r.loss();
            if (!Double.isFinite(loss)) {
                throw diverged("loss is " + loss, epoch, batch, l.lastCheckpoint);
            }
            if (!r.applied()) {
                throw diverged("gradient norm is " + r.gradNorm(), epoch, batch, l.lastCheckpoint);
            }
            long t2 = System.nanoTime();
            l.averagers.feed(TrainingMoment.afterStep(l.pos.step() + 1, epoch));
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

    /** Scores raw and every averaged model that has weights yet on the validation split, when due. */
    private Map<String, ValidationScore> validate(Loop l, int epoch) {
        boolean due = (epoch + 1) % t.validation().everyEpochs() == 0 || epoch + 1 == t.epochs();
        Map<String, ValidationScore> scores = new LinkedHashMap<>();
        if (!due) {
            return scores;
        }
        l.evalNet.load(WeightMaps.live(l.params));
        scores.put("raw", l.validator.score(l.evalNet));
        for (Averager a : l.averagers.models()) {
            if (a.ready()) {
                l.evalNet.load(a.weights());
                recalibrate(l.evalNet, l.train);
                scores.put(a.name(), l.validator.score(l.evalNet));
            }
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

    /** Every {@code every_epochs} epochs (and after the last) the power EMAs post-hoc EMA rebuilds from. */
    private void savePostHocSnapshot(Loop l, int epoch) throws IOException {
        if (l.postHoc == null || ((epoch + 1) % t.postHocEma().everyEpochs() != 0 && epoch + 1 != t.epochs())) {
            return;
        }
        ObjectNode meta = Json.mapper().createObjectNode();
        ObjectNode list = meta.putObject("power_emas");
        Map<String, Map<String, NDArray>> groups = new LinkedHashMap<>();
        for (PowerEma p : l.averagers.powerEmas()) {
            list.putObject(p.name()).put("sigma_rel", p.sigmaRel()).put("gamma", p.gamma()).put("updates", p.count());
            groups.put(p.name(), p.weights());
        }
        l.postHoc.save(epoch + 1, l.pos.step(), groups, meta);
    }

    /** The raw weights of the best-validated epoch so far, as {@code weights/best.safetensors}. */
    private void keepBest(Loop l, EpochRecord record) throws IOException {
        ValidationScore raw = record.validation().get("raw");
        if (raw == null || !(raw.score() > l.pos.bestScore())) {
            return;
        }
        Files.createDirectories(run.weights());
        SafeTensorsFile.save(l.net, run.bestWeights());
        l.pos = l.pos.withBest(record.epoch(), raw.score());
    }

    private Path save(Loop l) throws IOException {
        ObjectNode meta = Json.mapper().createObjectNode();
        meta.put("config_hash", RunFolder.configHash(config));
        meta.set("position", Json.mapper().valueToTree(l.pos));
        meta.put("seed", t.seed());
        meta.set("history", Json.mapper().valueToTree(l.history));
        long t0 = System.nanoTime();
        Path file;
        try {
            file = l.state.save(l.checkpoints, l.pos.epoch(), l.pos.step(), meta);
        } catch (IOException e) {
            List<Path> files = l.checkpoints.files();
            throw new IOException("the checkpoint at epoch " + (l.pos.epoch() + 1) + ", step " + l.pos.step()
                    + " could not be written (" + e.getMessage() + "); training stopped and the newest checkpoint stays "
                    + (files.isEmpty() ? "(none yet)" : files.get(files.size() - 1)), e);
        }
        timings.checkpointWrite(System.nanoTime() - t0);
        LOG.debug("checkpoint {} written in {} ms", file.getFileName(), (System.nanoTime() - t0) / 1_000_000);
        return file;
    }

    /** Restores the newest valid checkpoint, if any; refuses a changed config unless forced. */
    private void resume(Loop l, boolean forceConfig) throws IOException {
        try (NDManager scope = l.manager.newSubManager()) {
            Optional<Checkpoint> found = l.checkpoints.latestValid(scope);
            if (found.isEmpty()) {
                if (!l.checkpoints.skipped().isEmpty()) {
                    throw noValidCheckpoint(l.checkpoints);
                }
                return;
            }
            Checkpoint ckpt = found.get();
            List<String> changed = run.checkConfig(config, ckpt.meta().path("config_hash").asText(null), forceConfig);
            if (!changed.isEmpty()) {
                LOG.warn("Continuing {} with a changed config ({}), as --force-config asks", run.dir(), String.join(", ", changed));
            }
            l.state.restore(ckpt);
            l.pos = Json.mapper().treeToValue(ckpt.meta().path("position"), Position.class);
            for (JsonNode r : ckpt.meta().path("history")) {
                l.history.add(Json.mapper().treeToValue(r, EpochRecord.class));
            }
            LOG.info("Resuming {} from {}: epoch {}, {} of {} images done, step {}", run.dir(), ckpt.file().getFileName(),
                    l.pos.epoch() + 1, l.pos.batch() * t.batchSize(), data.split("train").size(), l.pos.step());
        }
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

    /** The final raw weights and every averaged model's as DJL .params (with the architecture) and SafeTensors. */
    private void exportWeights(Loop l) throws IOException {
        Path dir = run.weights();
        Files.createDirectories(dir);
        ParamsFile.save(l.net, dir.resolve("raw.params"));
        SafeTensorsFile.save(l.net, dir.resolve("raw.safetensors"));
        for (Averager a : l.averagers.models()) {
            if (a.ready()) {
                l.evalNet.load(a.weights());
                ParamsFile.save(l.evalNet.net(), dir.resolve(a.name() + ".params"));
                SafeTensorsFile.save(l.evalNet.net(), dir.resolve(a.name() + ".safetensors"));
            }
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
