package io.veernet.cli;

import io.veernet.config.ConfigLoader;
import io.veernet.config.VeernetConfig;
import io.veernet.data.synth.DatasetGenerator;
import io.veernet.data.synth.SynthConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/** {@code veernet bench}: measured speed of the parts that matter, printed as tables. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks: generation, the model, optimizer/EMA/checkpoint state, the training step, memory over a long run, curve extraction, the model input.",
        subcommands = {BenchCommand.Generate.class, BenchModel.class, BenchState.class, BenchTrain.class, BenchMemory.class,
                BenchExtract.class, BenchInput.class})
public final class BenchCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
    }

    /** Logs per second written to disk (image + mask + truth), at full size and at a config's size. */
    @Command(name = "generate", mixinStandardHelpOptions = true,
            description = "Logs/s written at full size (640 x 12,800) and at a config's sizes, 1 thread and all threads.")
    static final class Generate implements Callable<Integer> {

        @Option(names = "--config", paramLabel = "FILE", description = "Config whose sizes make the second row (default: configs/cpu-quick.yaml if present).")
        Path config;

        @Option(names = "--count", defaultValue = "12", paramLabel = "N", description = "Logs per measurement (default: ${DEFAULT-VALUE}).")
        int count;

        @Option(names = "--threads", paramLabel = "T", description = "The 'all threads' setting (default: all cores).")
        Integer threads;

        @Override
        public Integer call() throws IOException {
            Path cfgFile = config != null ? config : Path.of("configs/cpu-quick.yaml");
            VeernetConfig cfg = Files.exists(cfgFile) ? ConfigLoader.load(cfgFile) : VeernetConfig.defaults();
            int all = threads != null ? threads : Runtime.getRuntime().availableProcessors();
            SynthConfig full = cfg.synth().withSize(new SynthConfig.Range(12_800, 12_800), new SynthConfig.Range(640, 640));
            List<String[]> rows = new ArrayList<>();
            String configSize = cfg.synth().height().min() + "-" + cfg.synth().height().max() + " x "
                    + cfg.synth().width().min() + "-" + cfg.synth().width().max();
            for (int t : all > 1 ? new int[] {1, all} : new int[] {1}) {
                rows.add(measure("full 640 x 12800", full, t, count));
                rows.add(measure(cfg.name() + " " + configSize, cfg.synth(), t, count * 4));
            }
            System.out.printf(Locale.ROOT, "%-32s %7s %6s %9s %10s %12s%n", "size", "threads", "logs", "seconds", "logs/s", "MB per log");
            for (String[] r : rows) {
                System.out.printf(Locale.ROOT, "%-32s %7s %6s %9s %10s %12s%n", (Object[]) r);
            }
            return 0;
        }

        private static String[] measure(String label, SynthConfig synth, int threads, int n) throws IOException {
            Path dir = Files.createTempDirectory("veernet-bench-");
            try {
                // One warm-up log so class loading and JIT do not count against the first row.
                new DatasetGenerator(synth, 99, Map.of("warmup", 1)).generate(dir.resolve("warmup"), 1, false, d -> { });
                DatasetGenerator g = new DatasetGenerator(synth, 1, Map.of("bench", n));
                DatasetGenerator.Report r = g.generate(dir.resolve("data"), threads, false, d -> { });
                double seconds = r.millis() / 1000.0;
                double mb = size(dir.resolve("data")) / 1e6 / n;
                return new String[] {label, String.valueOf(threads), String.valueOf(n),
                        String.format(Locale.ROOT, "%.2f", seconds), String.format(Locale.ROOT, "%.2f", n / seconds),
                        String.format(Locale.ROOT, "%.2f", mb)};
            } finally {
                deleteTree(dir);
            }
        }

        private static long size(Path dir) throws IOException {
            try (Stream<Path> s = Files.walk(dir)) {
                return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
            }
        }
    }

    static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
