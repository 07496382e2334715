package io.veernet.cli;

import io.veernet.config.ConfigLoader;
import io.veernet.config.VeernetConfig;
import io.veernet.model.bench.ModelBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code veernet bench model}: the network alone: training step at cpu-quick size, forward passes
 * at scan sizes, peak memory; with {@code --reference}, the plain U-Net used as the PyTorch yardstick.
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

    @Override
    public Integer call() {
        VeernetConfig cfg = ConfigLoader.load(config);
        Engines.configureThreads(cfg.train().threads());
        ModelBenchmark.Settings d = ModelBenchmark.Settings.defaults();
        ModelBenchmark.Settings settings = quick
                ? new ModelBenchmark.Settings(d.trainSize(), d.warmupSteps(), d.timedSteps(), List.of(new ModelBenchmark.Size(480, 3200)), d.forwardRepeats())
                : d;
        System.out.println(ModelBenchmark.run(cfg.model(), settings).render());
        if (reference) {
            System.out.println(ModelBenchmark.run(ModelBenchmark.referenceUnet(), settings).render());
        }
        return 0;
    }
}
