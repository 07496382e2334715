package io.veernet.cli;

import io.veernet.config.ConfigLoader;
import io.veernet.config.DataConfig;
import io.veernet.config.VeernetConfig;
import io.veernet.data.dataset.Dataset;
import io.veernet.data.synth.DatasetGenerator;
import io.veernet.model.checkpoint.StoreIo;
import io.veernet.train.RunFolder;
import io.veernet.train.StepTimings;
import io.veernet.train.StopSignal;
import io.veernet.config.TrainConfig;
import io.veernet.train.Trainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.ToLongFunction;

/**
 * {@code veernet bench train}: runs the real training loop for a few epochs on a fresh dataset of
 * the config's sizes and prints where a step's time goes, as the loop itself measured it.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Training-step breakdown at a config's sizes: ms per step, EMA and optimizer share, SWA update, checkpoint write, data wait.")
final class BenchTrain implements Callable<Integer> {

    @Option(names = "--config", defaultValue = "configs/cpu-quick.yaml", paramLabel = "FILE", description = "Config (default: ${DEFAULT-VALUE}).")
    Path config;

    @Option(names = "--images", defaultValue = "24", paramLabel = "N", description = "Training images per epoch (default: ${DEFAULT-VALUE}).")
    int images;

    @Option(names = "--epochs", defaultValue = "3", paramLabel = "E", description = "Epochs; the last quarter runs SWA (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Override
    public Integer call() throws Exception {
        VeernetConfig base = ConfigLoader.load(config);
        Engines.configureThreads(base.train().threads());
        VeernetConfig cfg = shrink(base, images, 2, epochs, 2);
        Path tmp = Files.createTempDirectory("veernet-bench-train-");
        try {
            Trainer.Result r = train(cfg, tmp, (step, status) -> { });
            print(cfg, r.timings());
        } finally {
            BenchCommand.deleteTree(tmp);
        }
        return 0;
    }

    /** The same model and training settings on a small generated dataset, validating on few images. */
    static VeernetConfig shrink(VeernetConfig c, int train, int validation, int epochs, int validateImages) {
        TrainConfig t = c.train();
        TrainConfig small = new TrainConfig(epochs, t.seed(), t.threads(), t.batchSize(), t.prefetch(), t.optimizer(),
                t.lr(), t.loss(), t.ema(), t.swa(), t.swad(), t.postHocEma(), t.swag(), Math.min(t.snapshots(), epochs), t.checkpoint(),
                new TrainConfig.Validation(t.validation().everyEpochs(), validateImages), t.freshData(), t.augment());
        DataConfig d = new DataConfig("unused", c.data().seed(), train, validation, 0);
        return new VeernetConfig(c.name(), d, c.synth(), c.model(), small, c.eval());
    }

    static Trainer.Result train(VeernetConfig cfg, Path tmp, java.util.function.BiConsumer<Long, String> onStep)
            throws IOException, InterruptedException {
        Path data = tmp.resolve("data");
        new DatasetGenerator(cfg.synth(), cfg.data().seed(), cfg.data().counts())
                .generate(data, Runtime.getRuntime().availableProcessors(), false, n -> { });
        try (RunFolder run = RunFolder.openLocked(tmp.resolve("run"))) {
            return new Trainer(cfg, run, Dataset.open(data), StopSignal.never(), StoreIo.local()).onStep(onStep).run(false);
        }
    }

    private static void print(VeernetConfig cfg, StepTimings t) {
        List<StepTimings.Step> steps = t.steps();
        int warmup = Math.min(5, steps.size() / 4);
        double step = median(steps, StepTimings.Step::total, warmup);
        double fb = median(steps, StepTimings.Step::forwardBackward, warmup);
        double opt = median(steps, StepTimings.Step::optimizer, warmup);
        double ema = median(steps, StepTimings.Step::ema, warmup);
        System.out.printf(Locale.ROOT, "bench train: %s, images %d-%d x %d-%d px, %d steps (%d warm-up skipped), engine threads %s%n",
                cfg.name(), cfg.synth().height().min(), cfg.synth().height().max(), cfg.synth().width().min(),
                cfg.synth().width().max(), steps.size(), warmup,
                System.getProperty("ai.djl.pytorch.num_threads", "default"));
        System.out.printf(Locale.ROOT, "%-40s %10s %10s%n", "part", "median ms", "of step");
        row("training step (all of the below)", step, step);
        row("  forward + loss + backward", fb, step);
        row("  optimizer (" + cfg.train().optimizer().name() + ", clip " + cfg.train().optimizer().clipNorm() + ")", opt, step);
        row("  averagers (" + averagerNames(cfg) + ")", ema, step);
        row("SWA update (once per SWA epoch)", StepTimings.medianMillis(t.swaUpdates(), 0), step);
        row("checkpoint write (incl. fsync)", StepTimings.medianMillis(t.checkpointWrites(), 0), step);
        System.out.printf(Locale.ROOT, "%-40s %10s %9.2f%%%n", "data wait (share of training time)", "", 100 * t.dataWaitShare());
    }

    /** The per-step averagers the config turns on, e.g. "2 EMAs, SWAD, 2 power EMAs". */
    private static String averagerNames(VeernetConfig cfg) {
        TrainConfig t = cfg.train();
        List<String> parts = new java.util.ArrayList<>();
        parts.add(t.ema().size() + " EMA" + (t.ema().size() == 1 ? "" : "s"));
        if (t.swad().enabled()) {
            parts.add("SWAD");
        }
        if (t.swag().enabled()) {
            parts.add("SWAG (rank " + t.swag().rank() + ")");
        }
        if (t.postHocEma().enabled()) {
            parts.add(t.postHocEma().sigmaRels().size() + " power EMAs");
        }
        return String.join(", ", parts);
    }

    private static void row(String label, double ms, double step) {
        System.out.printf(Locale.ROOT, "%-40s %10.2f %9.2f%%%n", label, ms, 100 * ms / step);
    }

    private static double median(List<StepTimings.Step> steps, ToLongFunction<StepTimings.Step> part, int warmup) {
        return StepTimings.medianMillis(steps.stream().map(part::applyAsLong).toList(), warmup);
    }
}
