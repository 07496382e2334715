package io.veernet.model.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.SoftmaxCrossEntropyLoss;
import io.veernet.model.ModelConfig;
import io.veernet.model.VeerNet;
import io.veernet.model.optim.Optimizer;
import io.veernet.model.optim.OptimizerConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Measures what VeerNet costs on this machine (what {@code veernet bench model} reports): a full
 * training step (forward, cross-entropy, backward, in-place SGD) at a training size, the fixed
 * per-step overhead, forward-only passes at scan sizes, and peak resident memory.
 *
 * <p>Timings are medians over several runs after warm-up: the first passes allocate and pick
 * kernels, and a shared machine adds noise that a median resists.
 */
public final class ModelBenchmark {

    /** An image size. */
    public record Size(int height, int width) {
        @Override
        public String toString() {
            return height + " x " + width;
        }
    }

    /** The loss a timed training step differentiates: logits (N, C, H, W), labels (N, 1, H, W) int64. */
    @FunctionalInterface
    public interface StepLoss {
        /** A scalar loss in the logits' manager. */
        NDArray compute(NDArray logits, NDArray labels);
    }

    /** Plain softmax cross-entropy, what the step has always been timed with. */
    public static final StepLoss CROSS_ENTROPY =
            (logits, labels) -> ModelBenchmark.LOSS.evaluate(new NDList(labels), new NDList(logits));

    /**
     * What to measure.
     *
     * @param trainSize image size of the timed training steps
     * @param warmupSteps untimed training steps first
     * @param timedSteps timed training steps
     * @param forwardSizes sizes of the forward-only passes
     * @param forwardRepeats timed forward passes per size, after one untimed pass
     * @param loss what the step differentiates ({@link #CROSS_ENTROPY} by default)
     * @param optimizer the project's optimizer to update with (global-norm clipping included);
     *     null: the engine's plain in-place SGD, the cheapest possible update
     * @param profileSteps when above 0, that many extra steps run under libtorch's profiler and
     *     the report lists calls and self time per engine op
     * @param overhead whether to time the fixed overhead (steps at the smallest input)
     */
    public record Settings(Size trainSize, int warmupSteps, int timedSteps, List<Size> forwardSizes, int forwardRepeats,
            StepLoss loss, OptimizerConfig optimizer, int profileSteps, boolean overhead) {
        public Settings {
            if (warmupSteps < 0 || timedSteps < 1 || forwardRepeats < 1 || profileSteps < 0) {
                throw new IllegalArgumentException("need at least one timed step and repeat, got " + timedSteps
                        + " steps and " + forwardRepeats + " repeats");
            }
            forwardSizes = List.copyOf(forwardSizes);
            loss = loss == null ? CROSS_ENTROPY : loss;
        }

        /** The steps and sizes given, cross-entropy and plain SGD, no profile, with the overhead. */
        public Settings(Size trainSize, int warmupSteps, int timedSteps, List<Size> forwardSizes, int forwardRepeats) {
            this(trainSize, warmupSteps, timedSteps, forwardSizes, forwardRepeats, CROSS_ENTROPY, null, 0, true);
        }

        /** cpu-quick training size 96 x 768; scans of 480 x 3,200 and 640 x 12,800. */
        public static Settings defaults() {
            return new Settings(new Size(96, 768), 3, 10, List.of(new Size(480, 3200), new Size(640, 12800)), 2);
        }
    }

    /**
     * Training-step timings in milliseconds (medians over the timed steps).
     *
     * @param stepMs forward + loss + backward + update
     * @param minStepMs the fastest step
     * @param forwardMs forward and loss
     * @param backwardMs backward
     * @param updateMs the SGD update of every parameter (one gradient fetch, update and zeroing each)
     * @param overheadMs a whole step at the smallest input (2^depth square): what a step costs
     *     beyond the arithmetic, i.e. Java, JNI calls and per-op dispatch
     */
    public record StepTiming(Size size, double stepMs, double minStepMs, double forwardMs, double backwardMs,
            double updateMs, double overheadMs) {}

    /** Forward-only timing in milliseconds, with the peak resident memory (MB) seen while running it. */
    public record ForwardTiming(Size size, double medianMs, double minMs, long peakRssMb) {}

    /**
     * Everything measured.
     *
     * @param peakRssMb peak resident memory of the process (VmHWM) in MB
     * @param rssMb resident memory at the end (VmRSS) in MB
     * @param trainPeakRssMb peak resident memory up to the end of the timed training steps
     * @param stepKind the loss and update the step was timed with
     * @param profile the per-op table of the profiled steps, or null
     */
    public record Report(ModelConfig config, long parameters, int threads, StepTiming step,
            List<ForwardTiming> forwards, long peakRssMb, long rssMb, long trainPeakRssMb, String stepKind,
            String profile) {
        public Report {
            forwards = List.copyOf(forwards);
        }

        /** A few lines of text for the console. */
        public String render() {
            StringBuilder out = new StringBuilder();
            out.append(String.format(Locale.ROOT, "VeerNet %s: %,d parameters, %d intra-op threads%n",
                    describe(config), parameters, threads));
            out.append(String.format(Locale.ROOT,
                    "train step %s (%s): %.1f ms median (min %.1f; forward+loss %.1f, backward %.1f, update %.1f);"
                            + " fixed overhead per step %.1f ms; peak RSS while training %,d MB%n",
                    step.size(), stepKind, step.stepMs(), step.minStepMs(), step.forwardMs(), step.backwardMs(),
                    step.updateMs(), step.overheadMs(), trainPeakRssMb));
            if (profile != null) {
                out.append(profile);
            }
            for (ForwardTiming f : forwards) {
                out.append(String.format(Locale.ROOT, "forward %s: %.0f ms median (min %.0f), peak RSS %,d MB%n",
                        f.size(), f.medianMs(), f.minMs(), f.peakRssMb()));
            }
            out.append(String.format(Locale.ROOT, "resident memory: peak %,d MB, now %,d MB%n", peakRssMb, rssMb));
            return out.toString();
        }
    }

    private static final SoftmaxCrossEntropyLoss LOSS = new SoftmaxCrossEntropyLoss("ce", 1f, 1, true, true);
    private static final float LEARNING_RATE = 1e-3f;
    private static final int OVERHEAD_STEPS = 10;

    private ModelBenchmark() {}

    /**
     * The configuration of the reference timing: a plain 4-stage U-Net, base width 16, GroupNorm,
     * no attention or CBAM, whose training step on 64-96 x 512-1,024 images takes about 260 ms in
     * Python PyTorch on the project's 2-core machine.
     */
    public static ModelConfig referenceUnet() {
        return new ModelConfig(4, 16, 256, 128, 0, 4, false, ModelConfig.GROUP_NORM, 0.0);
    }

    /** Builds {@code config}, runs the measurements and frees everything it made. */
    public static Report run(ModelConfig config, Settings settings) {
        try (NDManager manager = NDManager.newBaseManager()) {
            VeerNet net = new VeerNet(config);
            int side = config.minInputMultiple();
            net.initialize(manager, DataType.FLOAT32, new Shape(1, 1, side, side));
            Map<String, Parameter> named = net.namedParameters();
            List<NDArray> trainable = new ArrayList<>();
            for (Parameter p : named.values()) {
                if (p.requiresGradient()) {
                    p.getArray().setRequiresGradient(true);
                    trainable.add(p.getArray());
                }
            }
            Optimizer optimizer = settings.optimizer() == null ? null : Optimizer.create(settings.optimizer(), named, manager);
            Update update = optimizer == null ? () -> sgd(trainable) : () -> optimizer.step(LEARNING_RATE);
            StepTiming step = timeSteps(net, update, manager, settings);
            long trainPeak = Memory.peakRssMb();
            String profile = settings.profileSteps() > 0 ? profile(net, update, manager, settings) : null;
            List<ForwardTiming> forwards = new ArrayList<>();
            for (Size size : settings.forwardSizes()) {
                forwards.add(timeForward(net, manager, size, settings.forwardRepeats()));
            }
            return new Report(config, net.trainableParameterCount(), Timings.intraOpThreads(), step, forwards,
                    Memory.peakRssMb(), Memory.rssMb(), trainPeak, describe(settings), profile);
        }
    }

    /** One parameter update after backward (and the zeroing of the gradients it implies). */
    private interface Update {
        void apply();
    }

    private static String describe(Settings settings) {
        return (settings.loss() == CROSS_ENTROPY ? "cross-entropy" : "the config's loss") + ", "
                + (settings.optimizer() == null ? "plain SGD" : settings.optimizer().name()
                        + (settings.optimizer().clipNorm() > 0 ? " (clip " + settings.optimizer().clipNorm() + ")" : ""));
    }

    private static StepTiming timeSteps(VeerNet net, Update update, NDManager manager, Settings settings) {
        Size size = settings.trainSize();
        int total = settings.warmupSteps() + settings.timedSteps();
        double[] step = new double[settings.timedSteps()];
        double[] forward = new double[settings.timedSteps()];
        double[] backward = new double[settings.timedSteps()];
        double[] updates = new double[settings.timedSteps()];
        for (int i = 0; i < total; i++) {
            double[] phases = trainStep(net, update, settings.loss(), manager, size);
            int t = i - settings.warmupSteps();
            if (t >= 0) {
                forward[t] = phases[0];
                backward[t] = phases[1];
                updates[t] = phases[2];
                step[t] = phases[0] + phases[1] + phases[2];
            }
        }
        double overhead = Double.NaN;
        if (settings.overhead()) {
            int side = net.config().minInputMultiple();
            double[] small = new double[OVERHEAD_STEPS];
            for (int i = 0; i < OVERHEAD_STEPS + 2; i++) {
                double[] phases = trainStep(net, update, settings.loss(), manager, new Size(side, side));
                if (i >= 2) {
                    small[i - 2] = phases[0] + phases[1] + phases[2];
                }
            }
            overhead = Timings.median(small);
        }
        return new StepTiming(size, Timings.median(step), Timings.min(step), Timings.median(forward),
                Timings.median(backward), Timings.median(updates), overhead);
    }

    /** Runs the profiled steps under libtorch's profiler and summarises its trace. */
    private static String profile(VeerNet net, Update update, NDManager manager, Settings settings) {
        Path trace;
        try {
            trace = Files.createTempFile("veernet-profile-", ".json");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            double wall = 0;
            JniUtils.startProfile(false, false, false);
            try {
                for (int i = 0; i < settings.profileSteps(); i++) {
                    double[] phases = trainStep(net, update, settings.loss(), manager, settings.trainSize());
                    wall += phases[0] + phases[1] + phases[2];
                }
            } finally {
                JniUtils.stopProfile(trace.toString());
            }
            return OpProfile.read(trace).render(settings.profileSteps(), wall / settings.profileSteps(), 25);
        } finally {
            try {
                Files.deleteIfExists(trace);
            } catch (IOException ignored) {
                // A temporary file left behind; nothing else depends on it.
            }
        }
    }

    /** One full training step; returns milliseconds of forward+loss, backward and update. */
    private static double[] trainStep(VeerNet net, Update update, StepLoss lossFn, NDManager manager, Size size) {
        try (NDManager step = manager.newSubManager()) {
            NDArray x = step.randomUniform(0f, 1f, new Shape(1, 1, size.height(), size.width()));
            NDArray labels = step.randomInteger(0L, 3L, new Shape(1, 1, size.height(), size.width()), DataType.INT64);
            long t0 = System.nanoTime();
            long t1;
            long t2;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray logits = net.forward(new ParameterStore(step, false), new NDList(x), true).singletonOrThrow();
                NDArray loss = lossFn.compute(logits, labels);
                loss.getFloat(); // the training loop reads the loss before backward, and so does the twin
                t1 = System.nanoTime();
                collector.backward(loss);
                t2 = System.nanoTime();
            }
            update.apply();
            long t3 = System.nanoTime();
            return new double[] {(t1 - t0) / 1e6, (t2 - t1) / 1e6, (t3 - t2) / 1e6};
        }
    }

    /** The engine's fused SGD: update and zero the gradient in two native calls per parameter. */
    private static void sgd(List<NDArray> trainable) {
        for (NDArray w : trainable) {
            try (NDArray grad = w.getGradient()) {
                w.getNDArrayInternal().sgdUpdate(new NDList(w, grad), new NDList(w), LEARNING_RATE, 0f, 1f, -1f, 0f,
                        false);
            }
        }
    }

    private static ForwardTiming timeForward(VeerNet net, NDManager manager, Size size, int repeats) {
        Memory.resetPeak();
        double[] ms = new double[repeats];
        for (int i = -1; i < repeats; i++) {
            try (NDManager pass = manager.newSubManager()) {
                NDArray x = pass.randomUniform(0f, 1f, new Shape(1, 1, size.height(), size.width()));
                long t0 = System.nanoTime();
                NDArray logits = net.forward(new ParameterStore(pass, false), new NDList(x), false).singletonOrThrow();
                logits.getFloat(0, 0, 0, 0); // the CPU engine runs eagerly; this keeps the result honest anyway
                if (i >= 0) {
                    ms[i] = (System.nanoTime() - t0) / 1e6;
                }
            }
        }
        return new ForwardTiming(size, Timings.median(ms), Timings.min(ms), Memory.peakRssMb());
    }

    private static String describe(ModelConfig c) {
        return String.format(Locale.ROOT, "depth %d, widths %d..%d, %s norm, CBAM %s, %s", c.depth(), c.width(0),
                c.width(c.depth()), c.norm(), c.cbam() ? "on" : "off",
                c.hasAttention() ? c.attentionLayers() + " attention layer(s) of " + c.attentionDim() : "no attention");
    }

    /** Resident memory of this process from /proc/self/status (Linux; -1 elsewhere). */
    static final class Memory {

        private static final Path STATUS = Path.of("/proc/self/status");
        private static final Path CLEAR_REFS = Path.of("/proc/self/clear_refs");

        private Memory() {}

        /** Peak resident set (VmHWM) in MB, since start or the last {@link #resetPeak()}. */
        static long peakRssMb() {
            return readKb("VmHWM:") / 1024;
        }

        /** Current resident set (VmRSS) in MB. */
        static long rssMb() {
            return readKb("VmRSS:") / 1024;
        }

        /** Restarts the VmHWM count from the current RSS (writing 5 to clear_refs); best effort. */
        static void resetPeak() {
            try {
                Files.writeString(CLEAR_REFS, "5");
            } catch (IOException | UnsupportedOperationException | SecurityException ignored) {
                // Then the peak covers the whole run so far, which still bounds this phase.
            }
        }

        private static long readKb(String key) {
            try {
                for (String line : Files.readAllLines(STATUS, StandardCharsets.US_ASCII)) {
                    if (line.startsWith(key)) {
                        return Long.parseLong(line.substring(key.length()).replace("kB", "").trim());
                    }
                }
            } catch (IOException | NumberFormatException ignored) {
                // Not Linux: no figure.
            }
            return -1;
        }
    }

    /** Runs the default settings for the default config and for the reference U-Net; prints both. */
    public static void main(String[] args) {
        Settings settings = Settings.defaults();
        if (args.length > 0 && "--quick".equals(args[0])) {
            settings = new Settings(settings.trainSize(), 3, 10, List.of(new Size(480, 3200)), 2);
        }
        for (ModelConfig config : List.of(referenceUnet(), ModelConfig.defaults())) {
            System.out.print(run(config, settings).render());
            System.out.println();
        }
    }
}
