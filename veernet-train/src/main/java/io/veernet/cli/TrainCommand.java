package io.veernet.cli;

import io.veernet.config.ConfigLoader;
import io.veernet.config.VeernetConfig;
import io.veernet.data.dataset.Dataset;
import io.veernet.data.dataset.DatasetException;
import io.veernet.model.checkpoint.StoreIo;
import io.veernet.train.RunFolder;
import io.veernet.train.StopSignal;
import io.veernet.train.Trainer;
import io.veernet.train.TrainingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code veernet train}: trains VeerNet into a run folder, resuming when it holds a checkpoint. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train VeerNet with an online EMA and a late SWA average into a run folder.",
                "Resumes from the run's newest valid checkpoint when there is one; Ctrl-C writes a checkpoint and stops."})
public final class TrainCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(TrainCommand.class);

    /**
     * Exit code after a stop requested inside the process (as a shell reports Ctrl-C). After a real
     * signal the JVM exits as that signal: 130 for Ctrl-C (SIGINT), 143 for SIGTERM.
     */
    static final int STOPPED = 130;

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "Run config (YAML).")
    Path config;

    @Option(names = "--run", required = true, paramLabel = "DIR", description = "Run folder, e.g. runs/smoke.")
    Path runDir;

    @Option(names = "--data", paramLabel = "DIR", description = {"Dataset folder (default: the one the run was trained on, else the config's data.path).",
            "It must hold a dataset unless --generate is given; the config's own data.path is generated when missing."})
    Path data;

    @Option(names = "--generate", description = "Generate the config's synthetic dataset into --data when that folder holds none.")
    boolean generate;

    @Option(names = "--resume", description = "Require a checkpoint to resume from (without it, a run folder with checkpoints resumes anyway).")
    boolean resume;

    @Option(names = "--force-config", description = "Resume even though the config (or the dataset) differs from the run's.")
    boolean forceConfig;

    @Override
    public Integer call() throws Exception {
        VeernetConfig cfg = ConfigLoader.load(config);
        Engines.configureThreads(cfg.train().threads());
        RunFolder existing = RunFolder.open(runDir);
        if (resume && existing.checkpoints().files().isEmpty()) {
            throw new UserInputException(runDir + ": --resume given but the run folder holds no checkpoint");
        }
        Dataset dataset = DataOption.forTraining(cfg, data, generate, existing.recordedData(), forceConfig, runDir);
        StopSignal stop = StopSignal.install().guard();
        try (RunFolder run = RunFolder.openLocked(runDir)) {
            run.attachTrainLog();
            run.recordData(dataset.root());
            Trainer trainer = new Trainer(cfg, run, dataset, stop, StoreIo.local());
            long total = (long) cfg.train().epochs() * trainer.batchesPerEpoch();
            LOG.info("Training {} on {} ({} train / {} validation images) for {} epochs into {}", cfg.name(),
                    dataset.root(), dataset.split("train").size(), dataset.split("validation").size(),
                    cfg.train().epochs(), runDir);
            Trainer.Result result;
            try (Progress progress = Progress.start("train", total)) {
                trainer.onStep((step, status) -> {
                    progress.extra(status);
                    progress.set(step);
                });
                result = trainer.run(forceConfig);
            } catch (TrainingException e) {
                LOG.error(Logs.FILE_ONLY, "Run stopped ({}): {}", e.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '),
                        e.getMessage());
                if (e.kind() == TrainingException.Kind.STOPPED) {
                    System.err.println("veernet: " + e.getMessage());
                    return STOPPED;
                }
                throw e;
            } catch (Exception | Error e) {
                // The terminal gets one line from the command line's handler; the log keeps why, with the trace.
                LOG.error(Logs.FILE_ONLY, "Run stopped ({}): {}", reason(e), e.getMessage(), e);
                throw e;
            }
            LOG.info("Done: {} epochs, {} steps. Run folder {}; weights in {}", result.epochsDone(), result.steps(),
                    runDir, run.weights());
            LOG.info("Next: scripts/veernet evaluate --run {}", runDir);
            return 0;
        } finally {
            stop.finished();
        }
    }

    /** A short name for why a run stopped, for train.log. */
    private static String reason(Throwable e) {
        if (e instanceof DatasetException) {
            return "bad training sample";
        }
        if (e instanceof java.io.IOException) {
            return "disk or file error";
        }
        if (e instanceof io.veernet.config.ConfigException) {
            return "config";
        }
        return "error";
    }
}
