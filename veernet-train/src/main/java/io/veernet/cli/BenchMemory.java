package io.veernet.cli;

import io.veernet.config.ConfigLoader;
import io.veernet.config.VeernetConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code veernet bench memory}: trains for many steps and reads the process's resident memory
 * along the way, to show that native memory does not grow step by step.
 */
@Command(name = "memory", mixinStandardHelpOptions = true,
        description = {"Resident memory of a training run at step 200, half-way and at the last step (flat means no native leak).",
                "Pin the Java heap so its growth does not blur the picture: VEERNET_JAVA_OPTS=\"-Xms512m -Xmx512m -XX:+AlwaysPreTouch\"."})
final class BenchMemory implements Callable<Integer> {

    @Option(names = "--config", defaultValue = "configs/smoke.yaml", paramLabel = "FILE", description = "Config (default: ${DEFAULT-VALUE}).")
    Path config;

    @Option(names = "--steps", defaultValue = "2000", paramLabel = "N", description = "Steps to train (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--images", defaultValue = "20", paramLabel = "N", description = "Training images per epoch (default: ${DEFAULT-VALUE}).")
    int images;

    @Override
    public Integer call() throws Exception {
        VeernetConfig base = ConfigLoader.load(config);
        Engines.configureThreads(base.train().threads());
        int epochs = (steps + images - 1) / images;
        VeernetConfig cfg = BenchTrain.shrink(base, images, 2, epochs, 2);
        long[] checkpoints = {200, steps / 2, steps};
        long[] rss = new long[checkpoints.length];
        long[] heap = new long[checkpoints.length];
        Path tmp = Files.createTempDirectory("veernet-bench-memory-");
        try {
            BenchTrain.train(cfg, tmp, (step, status) -> {
                for (int i = 0; i < checkpoints.length; i++) {
                    if (step == checkpoints[i]) {
                        rss[i] = residentKb("VmRSS");
                        heap[i] = Runtime.getRuntime().totalMemory() / 1024;
                    }
                }
            });
        } finally {
            BenchCommand.deleteTree(tmp);
        }
        System.out.printf(Locale.ROOT, "bench memory: %s, %d steps (%d epochs of %d images), engine threads %s%n",
                cfg.name(), steps, epochs, images, System.getProperty("ai.djl.pytorch.num_threads", "default"));
        // The Java heap grows in steps as the JVM sees fit (pin it with -Xms = -Xmx to keep it out of
        // the picture); what libtorch holds is the rest of the resident set.
        System.out.printf(Locale.ROOT, "%-10s %14s %18s %22s%n", "step", "resident MB", "Java heap MB", "outside the heap MB");
        for (int i = 0; i < checkpoints.length; i++) {
            System.out.printf(Locale.ROOT, "%-10d %14.1f %18.1f %22.1f%n", checkpoints[i], rss[i] / 1024.0, heap[i] / 1024.0,
                    (rss[i] - heap[i]) / 1024.0);
        }
        System.out.printf(Locale.ROOT, "resident growth from step %d to %d: %+.1f%% (outside the heap: %+.1f%%); peak resident %.1f MB%n",
                checkpoints[0], steps, 100.0 * (rss[2] - rss[0]) / rss[0],
                100.0 * ((rss[2] - heap[2]) - (rss[0] - heap[0])) / (rss[0] - heap[0]), residentKb("VmHWM") / 1024.0);
        return 0;
    }

    private static long residentKb(String field) {
        return io.veernet.eval.MemorySampler.statusKb(field);
    }
}
