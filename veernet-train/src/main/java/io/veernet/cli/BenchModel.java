package io.veernet.cli;

import io.veernet.config.ConfigLoader;
import io.veernet.config.VeernetConfig;
import io.veernet.model.bench.ModelBenchmark;
import io.veernet.train.loss.SegmentationLoss;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code veernet bench model}: the network alone: training step at any size (cpu-quick's 96 x 768
 * by default), forward passes at scan sizes, peak memory, optionally a per-op profile; with
 * {@code --reference}, the plain U-Net used as the PyTorch yardstick.
 */
@Command(name = "model", mixinStandardHelpOptions = true,
        description = "Forward+backward ms per step, forward-only ms at 480 x 3,200 and 640 x 12,800, peak resident memory.")
final class BenchModel implements Callable<Integer> {

    @Option(names = "--config", defaultValue = "configs/cpu-quick.yaml", paramLabel = "FILE", description = "Config whose model is measured (default: ${DEFAULT-VALUE}).")
    Path config;

    @Option(names = "--reference", description = "Also measure the plain 4-stage U-Net (base 16, GroupNorm, no attention) that Python PyTorch takes about 260 ms per step for here.")
    boolean reference;

    @Option(names = "--quick", description = "Skip the 640 x 12,800 forward pass (about a minute on 2 cores).")
    boolean quick;

    @Option(names = "--height", defaultValue = "96", paramLabel = "H", description = "Training-step image height (default: ${DEFAULT-VALUE}).")
    int height;

    @Option(names = "--width", defaultValue = "768", paramLabel = "W", description = "Training-step image width (default: ${DEFAULT-VALUE}).")
    int width;

    @Option(names = "--steps", defaultValue = "10", paramLabel = "N", description = "Timed training steps (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--warmup", defaultValue = "3", paramLabel = "N", description = "Untimed training steps first (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--forward", split = ",", paramLabel = "HxW", description = "Forward-only sizes, e.g. 640x12800 (default: 480x3200,640x12800; 'none' for none).")
    List<String> forward;

    @Option(names = "--repeats", defaultValue = "2", paramLabel = "N", description = "Timed forward passes per size (default: ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--trainer", description = "Time the step as the trainer runs it: the config's loss (e.g. CE + Tversky) and optimizer with its clipping, instead of cross-entropy and plain SGD.")
    boolean trainer;

    @Option(names = "--profile", defaultValue = "0", paramLabel = "N", description = "Run N more steps under libtorch's profiler and print calls and self time per engine op.")
    int profile;

    @Option(names = "--no-overhead", description = "Skip timing the fixed per-step overhead (steps at the smallest input).")
    boolean noOverhead;

    @Override
    public Integer call() {
        VeernetConfig cfg = ConfigLoader.load(config);
        Engines.configureThreads(cfg.train().threads());
        List<ModelBenchmark.Size> forwards = new ArrayList<>();
        if (forward == null) {
            forwards.addAll(ModelBenchmark.Settings.defaults().forwardSizes());
            if (quick) {
                forwards.removeIf(s -> s.width() > 3200);
            }
        } else {
            for (String f : forward) {
                if (!f.equalsIgnoreCase("none")) {
                    forwards.add(parse(f));
                }
            }
        }
        SegmentationLoss loss = new SegmentationLoss(cfg.train().loss());
        ModelBenchmark.Settings settings = new ModelBenchmark.Settings(new ModelBenchmark.Size(height, width), warmup,
                steps, forwards, repeats,
                trainer ? (logits, labels) -> loss.compute(logits, labels, null) : ModelBenchmark.CROSS_ENTROPY,
                trainer ? cfg.train().optimizer() : null, profile, !noOverhead);
        System.out.println(ModelBenchmark.run(cfg.model(), settings).render());
        if (reference) {
            System.out.println(ModelBenchmark.run(ModelBenchmark.referenceUnet(), settings).render());
        }
        return 0;
    }

    private static ModelBenchmark.Size parse(String text) {
        String[] parts = text.toLowerCase(Locale.ROOT).split("x");
        if (parts.length != 2) {
            throw new IllegalArgumentException("--forward sizes are HxW, e.g. 640x12800; got " + text);
        }
        return new ModelBenchmark.Size(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
    }
}
