package io.veernet.cli;

import io.veernet.config.ConfigLoader;
import io.veernet.config.VeernetConfig;
import io.veernet.model.ModelSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code veernet model}: facts about the architecture a config builds. */
@Command(name = "model", mixinStandardHelpOptions = true, description = "Inspect the VeerNet a config builds.",
        subcommands = {ModelCommand.Summary.class, ModelCommand.Diff.class})
public final class ModelCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
    }

    /** The largest difference between two weight files, parameter by parameter. */
    @Command(name = "diff", mixinStandardHelpOptions = true,
            description = {"Compare two SafeTensors weight files (e.g. runs/a/weights/swa.safetensors and runs/b/...):",
                    "prints the largest absolute difference; exit 0 within --tolerance, 1 beyond it or when the layouts differ."})
    static final class Diff implements Callable<Integer> {

        @picocli.CommandLine.Parameters(index = "0", paramLabel = "A", description = "First weights file.")
        Path a;

        @picocli.CommandLine.Parameters(index = "1", paramLabel = "B", description = "Second weights file.")
        Path b;

        @Option(names = "--tolerance", defaultValue = "1e-6", paramLabel = "T", description = "Largest difference that counts as equal (default: ${DEFAULT-VALUE}).")
        double tolerance;

        @Override
        public Integer call() throws Exception {
            try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager()) {
                java.util.Map<String, ai.djl.ndarray.NDArray> x = read(a, m);
                java.util.Map<String, ai.djl.ndarray.NDArray> y = read(b, m);
                if (!x.keySet().equals(y.keySet())) {
                    System.out.println("layouts differ: " + a + " has " + x.size() + " tensors, " + b + " has " + y.size());
                    return 1;
                }
                double max = 0;
                String where = "";
                for (var e : x.entrySet()) {
                    float[] p = e.getValue().toFloatArray();
                    float[] q = y.get(e.getKey()).toFloatArray();
                    if (p.length != q.length) {
                        System.out.println("shapes differ at " + e.getKey());
                        return 1;
                    }
                    for (int i = 0; i < p.length; i++) {
                        double d = Math.abs((double) p[i] - q[i]);
                        if (d > max || Double.isNaN(d)) {
                            max = Double.isNaN(d) ? Double.POSITIVE_INFINITY : d;
                            where = e.getKey();
                        }
                    }
                }
                System.out.printf(java.util.Locale.ROOT, "max abs difference %.3g over %d tensors%s%n", max, x.size(),
                        max > 0 ? " (at " + where + ")" : "");
                return max <= tolerance ? 0 : 1;
            }
        }

        private static java.util.Map<String, ai.djl.ndarray.NDArray> read(Path file, ai.djl.ndarray.NDManager m) {
            try {
                return io.veernet.model.io.SafeTensors.decode(java.nio.file.Files.readAllBytes(file), m);
            } catch (java.io.IOException e) {
                throw new UserInputException(file + ": not a readable SafeTensors file (" + e.getMessage() + ")", e);
            }
        }
    }

    /** Per-stage output shapes, parameter count and size. */
    @Command(name = "summary", mixinStandardHelpOptions = true,
            description = "Per-stage output shapes for an input size, parameter count and MB.")
    static final class Summary implements Callable<Integer> {

        @Option(names = "--config", required = true, paramLabel = "FILE", description = "Run config (YAML).")
        Path config;

        @Option(names = "--height", paramLabel = "H", description = "Input height (default: the config's largest).")
        Integer height;

        @Option(names = "--width", paramLabel = "W", description = "Input width (default: the config's largest).")
        Integer width;

        @Override
        public Integer call() {
            VeernetConfig cfg = ConfigLoader.load(config);
            int h = height != null ? height : cfg.synth().height().max();
            int w = width != null ? width : cfg.synth().width().max();
            if (h < 1 || w < 1) {
                throw new UserInputException("--height and --width must be positive, got " + h + " x " + w);
            }
            System.out.print(ModelSummary.of(cfg.model(), h, w).render());
            double forward = io.veernet.model.ModelFlops.forward(cfg.model(), h, w);
            System.out.printf(java.util.Locale.ROOT, "forward %.2f GFLOP per image; training step about %.2f GFLOP (3 x forward)%n",
                    forward / 1e9, 3 * forward / 1e9);
            return 0;
        }
    }
}
