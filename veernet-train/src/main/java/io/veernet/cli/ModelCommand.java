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
        subcommands = {ModelCommand.Summary.class})
public final class ModelCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
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
            return 0;
        }
    }
}
