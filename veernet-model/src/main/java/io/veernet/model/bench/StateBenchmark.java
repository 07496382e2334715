package io.veernet.model.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.veernet.model.averaging.Ema;
import io.veernet.model.averaging.SwaBuffer;
import io.veernet.model.checkpoint.Checkpoint;
import io.veernet.model.checkpoint.CheckpointStore;
import io.veernet.model.checkpoint.TrainingState;
import io.veernet.model.tensor.NamedParameters;
import io.veernet.model.optim.Optimizer;
import io.veernet.model.optim.OptimizerConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Measures what the training state costs on this machine (for {@code veernet bench}): an EMA
 * update with one and with two decays, an optimizer step, and writing and reading a full training
 * checkpoint (weights, optimizer state, two EMAs, SWA), on a stand-in of VeerNet's size class:
 * 3 x 3 convolutions with biases, by default 50 of 64 -> 64 channels (100 tensors, 1.85 M parameters).
 *
 * <p>Each figure is the fastest and the median of several runs after a warm-up: on a shared
 * machine other processes take time slices, which the fastest run escapes and the median shows.
 */
public final class StateBenchmark {

    /**
     * What to measure.
     *
     * @param layers convolutions in the stand-in model (two tensors each)
     * @param channels input and output channels of every convolution
     * @param emaRuns timed EMA updates (with two decays, half as many)
     * @param optimizers optimizers whose step is timed, e.g. {@code adamw}
     * @param optimizerRuns timed steps per optimizer
     * @param checkpointRuns timed checkpoint writes and reads
     */
    public record Settings(int layers, int channels, int emaRuns, List<String> optimizers, int optimizerRuns,
            int checkpointRuns) {
        public Settings {
            if (layers < 1 || channels < 1 || emaRuns < 2 || optimizerRuns < 1 || checkpointRuns < 1) {
                throw new IllegalArgumentException("need at least one layer and channel, two EMA runs and one run"
                        + " of everything else");
            }
            optimizers = List.copyOf(optimizers);
        }

        /** 50 convolutions of 64 channels; 20 EMA updates, 5 steps each of AdamW, NAdamW and SGD, 2 checkpoints. */
        public static Settings defaults() {
            return new Settings(50, 64, 20, List.of("adamw", "nadamw", "sgd"), 5, 2);
        }
    }

    /** One measured operation, in milliseconds. */
    public record Timing(String what, double fastestMs, double medianMs, int runs) {}

    /**
     * Everything measured.
     *
     * @param checkpointBytes size of the checkpoint file that was written and read
     */
    public record Report(int tensors, long parameters, int threads, List<Timing> timings, long checkpointBytes) {
        public Report {
            timings = List.copyOf(timings);
        }

        /** A text table for the console. */
        public String render() {
            StringBuilder out = new StringBuilder();
            out.append(String.format(Locale.ROOT, "Training state of %d tensors, %,d parameters, %d intra-op threads;"
                    + " checkpoint %.1f MB%n", tensors, parameters, threads, checkpointBytes / 1e6));
            out.append(String.format(Locale.ROOT, "%-40s %12s %12s %6s%n", "operation", "fastest ms", "median ms", "runs"));
            for (Timing t : timings) {
                out.append(String.format(Locale.ROOT, "%-40s %12.2f %12.2f %6d%n", t.what(), t.fastestMs(),
                        t.medianMs(), t.runs()));
            }
            return out.toString();
        }
    }

    private static final float LEARNING_RATE = 1e-4f;
    private static final List<Double> TWO_DECAYS = List.of(0.999, 0.9999);

    private StateBenchmark() {}

    /** Builds the stand-in model, runs the measurements and frees everything it made, files included. */
    public static Report run(Settings settings) throws IOException {
        Shape input = new Shape(1, settings.channels(), 4, 4);
        try (NDManager manager = NDManager.newBaseManager()) {
            SequentialBlock block = new SequentialBlock();
            for (int i = 0; i < settings.layers(); i++) {
                block.add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1))
                        .setFilters(settings.channels()).build());
            }
            block.initialize(manager, DataType.FLOAT32, input);
            Map<String, Parameter> params = NamedParameters.of(block);
            params.values().forEach(p -> p.getArray().setRequiresGradient(true));

            List<Timing> timings = new ArrayList<>();
            try (Ema ema = new Ema(TWO_DECAYS.get(0), params, manager);
                    Ema other = new Ema(TWO_DECAYS.get(1), params, manager)) {
                timings.add(time("EMA update, one decay", settings.emaRuns(), ema::update));
                timings.add(time("EMA update, two decays", settings.emaRuns() / 2, () -> {
                    ema.update();
                    other.update();
                }));
            }
            for (String name : settings.optimizers()) {
                OptimizerConfig config = new OptimizerConfig(name, 0.9, 0.999, 1e-8, 0.01, 0.9, false, 1.0);
                timings.add(timeSteps(config, block, params, input, manager, settings.optimizerRuns()));
            }
            long parameters = params.values().stream().mapToLong(p -> p.getShape().size()).sum();
            Path folder = Files.createTempDirectory("veernet-bench-state-");
            try {
                long bytes = timeCheckpoints(params, manager, folder, settings.checkpointRuns(), timings);
                return new Report(params.size(), parameters, Timings.intraOpThreads(), timings, bytes);
            } finally {
                deleteTree(folder);
            }
        }
    }

    /** Times optimizer steps, each after an untimed forward and backward pass; one untimed step first. */
    private static Timing timeSteps(OptimizerConfig config, SequentialBlock block, Map<String, Parameter> params,
            Shape input, NDManager manager, int runs) {
        double[] ms = new double[runs];
        try (Optimizer optimizer = Optimizer.create(config, params, manager)) {
            for (int i = -1; i < runs; i++) {
                backward(block, manager, input);
                long t0 = System.nanoTime();
                if (!optimizer.step(LEARNING_RATE).applied()) {
                    throw new IllegalStateException("the stand-in model's gradients are not finite");
                }
                if (i >= 0) {
                    ms[i] = (System.nanoTime() - t0) / 1e6;
                }
            }
        }
        return timing("optimizer step " + config.name() + " (clip on)", ms);
    }

    /** A forward and backward pass of mean(f(x)^2) on a random x; temporaries are freed at once. */
    private static void backward(SequentialBlock block, NDManager manager, Shape input) {
        try (NDManager scope = manager.newSubManager();
                GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray x = scope.randomNormal(input);
            NDArray out = block.forward(new ParameterStore(scope, false), new NDList(x), true).singletonOrThrow();
            collector.backward(out.square().mean());
        }
    }

    /**
     * Times writing a training checkpoint (AdamW state, two EMAs and SWA, as a run writes it, fsync
     * included) and reading it back verified; adds both timings and returns the file's size.
     */
    private static long timeCheckpoints(Map<String, Parameter> params, NDManager manager, Path folder, int runs,
            List<Timing> timings) throws IOException {
        double[] write = new double[runs];
        double[] read = new double[runs];
        long bytes = 0;
        try (NDManager scope = manager.newSubManager();
                Optimizer optimizer = Optimizer.create(OptimizerConfig.defaults(), params, scope);
                Ema fast = new Ema(TWO_DECAYS.get(0), params, scope);
                Ema slow = new Ema(TWO_DECAYS.get(1), params, scope);
                SwaBuffer swa = new SwaBuffer(params, scope)) {
            fast.update();
            slow.update();
            swa.update();
            TrainingState state = new TrainingState(params, optimizer, List.of(fast, slow, swa));
            CheckpointStore store = CheckpointStore.writer(folder.resolve("bench-checkpoints"), "bench", 2, io.veernet.model.checkpoint.StoreIo.local());
            for (int i = -1; i < runs; i++) {
                long epoch = i + 2;
                long t0 = System.nanoTime();
                Path file = state.save(store, epoch, epoch * 100, JsonNodeFactory.instance.objectNode());
                long t1 = System.nanoTime();
                bytes = Files.size(file);
                try (NDManager loaded = scope.newSubManager()) {
                    long t2 = System.nanoTime();
                    Checkpoint ckpt = store.latestValid(loaded)
                            .orElseThrow(() -> new IllegalStateException("the checkpoint just written does not verify"));
                    long t3 = System.nanoTime();
                    if (ckpt.epoch() != epoch) {
                        throw new IllegalStateException("read epoch " + ckpt.epoch() + ", wrote " + epoch);
                    }
                    if (i >= 0) {
                        write[i] = (t1 - t0) / 1e6;
                        read[i] = (t3 - t2) / 1e6;
                    }
                }
            }
        }
        timings.add(timing("checkpoint write incl. fsync", write));
        timings.add(timing("checkpoint read and verify", read));
        return bytes;
    }

    /** Times {@code runs} calls after one untimed warm-up call. */
    private static Timing time(String what, int runs, Runnable operation) {
        operation.run();
        double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            operation.run();
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        return timing(what, ms);
    }

    private static Timing timing(String what, double[] ms) {
        return new Timing(what, Timings.min(ms), Timings.median(ms), ms.length);
    }

    private static void deleteTree(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** Runs the default settings and prints the table. */
    public static void main(String[] args) throws IOException {
        System.out.print(run(Settings.defaults()).render());
    }
}
