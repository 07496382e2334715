package io.veernet.cli;

import io.veernet.config.ConfigLoader;
import io.veernet.config.VeernetConfig;
import io.veernet.data.synth.DatasetGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code veernet generate}: writes a synthetic dataset folder. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Generate a synthetic well-log dataset (train/validation/test) in the documented format.")
public final class GenerateCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(GenerateCommand.class);

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "Run config (YAML), e.g. configs/smoke.yaml.")
    Path config;

    @Option(names = "--out", paramLabel = "DIR", description = "Dataset folder (default: the config's data.path).")
    Path out;

    @Option(names = "--count", paramLabel = "N", description = "Total samples, shared among the splits in the config's proportions.")
    Integer count;

    @Option(names = "--threads", paramLabel = "T", description = "Worker threads (default: all cores).")
    Integer threads;

    @Option(names = "--overwrite", description = "Replace a dataset made with other settings.")
    boolean overwrite;

    @Override
    public Integer call() throws Exception {
        VeernetConfig cfg = ConfigLoader.load(config);
        Path dir = out != null ? out : Path.of(cfg.data().path());
        Map<String, Integer> counts = count != null ? scale(cfg.data().counts(), count) : cfg.data().counts();
        int workers = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        if (workers < 1) {
            throw new UserInputException("--threads must be at least 1, got " + workers);
        }
        DatasetGenerator generator = new DatasetGenerator(cfg.synth(), cfg.data().seed(), counts);
        LOG.info("Generating {} logs {} into {} with {} thread(s)", generator.total(), counts, dir, workers);
        DatasetGenerator.Report report = DataOption.exclusively(dir, () -> {
            try (Progress progress = Progress.start("generate", generator.total())) {
                return generator.generate(dir, workers, overwrite, progress::set);
            }
        });
        double seconds = report.millis() / 1000.0;
        if (report.generated() == 0) {
            LOG.info("{} is complete: all {} logs were already there", dir, report.reused());
            return 0;
        }
        LOG.info("Wrote {} ({} new, {} already complete) in {} s ({} logs/s)", dir, report.generated(), report.reused(),
                String.format(Locale.ROOT, "%.1f", seconds),
                String.format(Locale.ROOT, "%.2f", report.generated() / Math.max(seconds, 1e-9)));
        return 0;
    }

    /** Shares {@code total} among the splits in proportion, keeping every non-empty split non-empty. */
    static Map<String, Integer> scale(Map<String, Integer> counts, int total) {
        if (total < counts.values().stream().filter(n -> n > 0).count()) {
            throw new UserInputException("--count must be at least the number of non-empty splits ("
                    + counts.values().stream().filter(n -> n > 0).count() + "), got " + total);
        }
        int sum = counts.values().stream().mapToInt(Integer::intValue).sum();
        Map<String, Integer> out = new LinkedHashMap<>();
        int assigned = 0;
        String largest = null;
        for (var e : counts.entrySet()) {
            int n = e.getValue() == 0 ? 0 : Math.max(1, (int) Math.round((double) e.getValue() * total / sum));
            out.put(e.getKey(), n);
            assigned += n;
            if (largest == null || e.getValue() > counts.get(largest)) {
                largest = e.getKey();
            }
        }
        out.put(largest, out.get(largest) + total - assigned);
        return out;
    }
}
