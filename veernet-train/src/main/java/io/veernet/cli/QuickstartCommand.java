package io.veernet.cli;

import io.veernet.config.ConfigLoader;
import io.veernet.config.VeernetConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import io.veernet.train.RunFolder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code veernet quickstart}: the whole pipeline on the CPU in one command: generate the
 * dataset, train (resuming if interrupted), choose the tracker's costs on validation, evaluate,
 * score full-height scans when the config names them ({@code eval.full_height_data}), and say where
 * the report is.
 */
@Command(name = "quickstart", mixinStandardHelpOptions = true,
        description = {"Generate, train and evaluate in one go (default: the project's configs/cpu-quick.yaml, about 35 minutes on 2 cores).",
                "Re-running resumes where it stopped: complete samples, checkpoints and reports are reused."})
public final class QuickstartCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(QuickstartCommand.class);

    /** The default config, relative to the project (scripts/veernet passes the project as veernet.home). */
    static final String DEFAULT_CONFIG = "configs/cpu-quick.yaml";

    @Option(names = "--config", paramLabel = "FILE", description = "Run config (default: " + DEFAULT_CONFIG
            + " in the project, wherever you run from).")
    Path config;

    @Option(names = "--run", paramLabel = "DIR", description = "Run folder (default: runs/<config name>).")
    Path run;

    /** The project's cpu-quick config: from the working directory if it has one, else from the project. */
    static Path defaultConfig() {
        return inProject(DEFAULT_CONFIG);
    }

    /** A project file named relative to it ({@code configs/...}): from the working directory if there, else from the project. */
    static Path inProject(String relative) {
        Path here = Path.of(relative);
        String home = System.getProperty("veernet.home");
        if (Files.exists(here) || home == null || here.isAbsolute()) {
            return here;
        }
        return Path.of(home).resolve(here);
    }

    /** The model the tracker's costs are chosen for and full-height scans are scored with. */
    private static String servedModel(VeernetConfig cfg) {
        return cfg.train().swa().enabled() ? "swa" : "raw";
    }

    @Override
    public Integer call() throws Exception {
        if (config == null) {
            config = defaultConfig();
        }
        VeernetConfig cfg = ConfigLoader.load(config);
        Path runDir = run != null ? run : Path.of("runs", cfg.name());
        long t0 = System.nanoTime();

        GenerateCommand generate = new GenerateCommand();
        generate.config = config;
        int code = generate.call();
        if (code == 0) {
            ExtraSplits.generate(cfg, Math.max(1, cfg.train().threads()));
        }
        long t1 = System.nanoTime();
        if (code != 0) {
            return code;
        }
        TrainCommand train = new TrainCommand();
        train.config = config;
        train.runDir = runDir;
        code = train.call();
        long t2 = System.nanoTime();
        if (code != 0) {
            return code;
        }
        // The tracked extractor's costs are chosen once, on the run's own validation split and the classic look's.
        if (!Files.exists(RunFolder.open(runDir).choice(io.veernet.eval.TrackerChoice.NAME))) {
            TuneTrackerCommand tune = new TuneTrackerCommand();
            tune.runDir = runDir;
            tune.modelName = servedModel(cfg);
            tune.also = ExtraSplits.tuningFolders(cfg);
            code = tune.call();
            if (code != 0) {
                return code;
            }
        }
        code = FullHeightScans.choose(cfg, runDir, servedModel(cfg));
        if (code != 0) {
            return code;
        }
        EvaluateCommand evaluate = new EvaluateCommand();
        evaluate.runDir = runDir;
        code = evaluate.call();
        if (code == 0) {
            code = ExtraSplits.evaluate(cfg, runDir);
        }
        if (code == 0) {
            code = FullHeightScans.score(cfg, runDir, servedModel(cfg));
        }
        long t3 = System.nanoTime();
        LOG.info(String.format(Locale.ROOT, "quickstart %s: generate %.1f min, train %.1f min, evaluate %.1f min, total %.1f min",
                cfg.name(), (t1 - t0) / 6e10, (t2 - t1) / 6e10, (t3 - t2) / 6e10, (t3 - t0) / 6e10));
        LOG.info("Report: {}", runDir.resolve("report.md"));
        return code;
    }
}
