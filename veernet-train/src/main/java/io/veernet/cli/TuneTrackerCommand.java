package io.veernet.cli;

import ai.djl.ndarray.NDManager;
import io.veernet.config.VeernetConfig;
import io.veernet.data.curves.ClassProbabilities;
import io.veernet.data.curves.Extractor;
import io.veernet.data.metrics.TrackerTuning;
import io.veernet.data.dataset.Dataset;
import io.veernet.data.dataset.Sample;
import io.veernet.data.dataset.SampleCache;
import io.veernet.eval.Candidate;
import io.veernet.eval.ModelRunner;
import io.veernet.eval.RunModels;
import io.veernet.eval.TrackerChoice;
import io.veernet.train.RunFolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code veernet tune-tracker}: chooses the tracked extractor's costs on a validation split (the run's own by default). */
@Command(name = "tune-tracker", mixinStandardHelpOptions = true,
        description = "Choose the tracked extractor's costs on a validation split, the run's own unless --data and "
                + "--split name another (coordinate descent, objective: mean over curves of (median + p10) / 2 R2, less the identity-swap rate), "
                + "and record them in choices/tracker.json, which evaluate and digitize then use. On logs taller than "
                + "the working geometry (reduced before the model reads them, e.g. configs/full640.yaml) the choice goes "
                + "to choices/tracker-reduced.json and serves only such inputs. Delete a file to go back to the "
                + "config's eval.tracker (or, for reduced inputs, to tracker.json).")
public final class TuneTrackerCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(TuneTrackerCommand.class);

    @Option(names = "--run", required = true, paramLabel = "DIR", description = "Trained run folder.")
    Path runDir;

    @Option(names = "--model", defaultValue = "swa", paramLabel = "NAME",
            description = "Model whose probabilities the costs are chosen for (default: ${DEFAULT-VALUE}).")
    String modelName;

    @Option(names = "--data", paramLabel = "DIR",
            description = "Dataset whose split the costs are chosen on (default: the run's own dataset), e.g. labelled "
                    + "logs of the look you will digitise. Never a test split: its figures would then be no test.")
    Path data;

    // Initialised here, not only by picocli: quickstart builds this command directly.
    @Option(names = "--split", paramLabel = "NAME", description = "Split to choose the costs on (default: ${DEFAULT-VALUE}).")
    String split = "validation";

    @Override
    public Integer call() throws Exception {
        RunFolder run = RunFolder.open(runDir);
        VeernetConfig cfg = run.loadConfig();
        Engines.configureThreads(cfg.train().threads());
        Dataset own = Dataset.open(data != null ? data : run.ownData(cfg));
        if (split.startsWith("test")) {
            LOG.warn("Choosing the tracker's costs on split '{}': figures of that split are then no longer a test", split);
        }
        SampleCache samples = new SampleCache(own.split(split), 256L << 20);
        String name = choiceFor(samples, cfg, own.root());
        List<Sample> images = new ArrayList<>();
        List<ClassProbabilities> maps = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager()) {
            Candidate candidate = new RunModels(cfg, run, manager).get(modelName);
            try (ModelRunner runner = DigitizeCommand.serve(candidate, cfg, run, manager, modelName)) {
                for (int i = 0; i < samples.size(); i++) {
                    Sample s = samples.get(i);
                    images.add(s);
                    maps.add(runner.probabilities(s.image()));
                }
            }
        }
        LOG.info("Tuning the tracker on {} {} images of {} with {}", images.size(), split, own.root(), modelName);
        TrackerTuning.Result r = TrackerTuning.tune(images, maps, cfg.eval().tracker());
        TrackerChoice choice = new TrackerChoice(modelName, own.root().toString(), split, r.chosen(), r.startObjective(),
                r.objective(), r.centroidObjective(), r.trials());
        Path file = run.choice(name);
        choice.write(file);
        // The swap rates beside the objective show what its identity term weighed (docs/METRICS.md).
        double centroidSwaps = TrackerTuning.score(images, maps, Extractor.CENTROID, cfg.eval().tracker()).swapRate();
        double chosenSwaps = TrackerTuning.score(images, maps, Extractor.TRACKED, r.chosen()).swapRate();
        System.out.printf(Locale.ROOT, "objective (mean over curves of (median + p10) / 2 R2 less the swap rate, %d %s images):%n"
                        + "  centroid %.4f, tracked with the config's costs %.4f, tracked with the chosen costs %.4f%n"
                        + "  identity-swap rate: centroid %.2f%%, tracked with the chosen costs %.2f%%%n"
                        + "chosen: %s%nrecorded in %s%n", images.size(), split, r.centroidObjective(), r.startObjective(),
                r.objective(), 100 * centroidSwaps, 100 * chosenSwaps, r.chosen(), file);
        return 0;
    }

    /**
     * Which choice a split informs: {@link TrackerChoice#NAME} when its logs are read at their own height,
     * {@link TrackerChoice#REDUCED} when all are reduced to the working geometry; a split of both is refused,
     * since one set of costs chosen on it would serve neither kind as measured.
     */
    static String choiceFor(SampleCache samples, VeernetConfig cfg, Path data) {
        var costs = io.veernet.eval.TrackerCosts.same(cfg.eval().tracker(), cfg.workingGeometry());
        int reduced = 0;
        for (int i = 0; i < samples.size(); i++) {
            if (costs.isReduced(samples.get(i).image().height())) {
                reduced++;
            }
        }
        if (reduced > 0 && reduced < samples.size()) {
            throw new UserInputException(String.format(Locale.ROOT, "%s: %d of the split's %d logs are taller than the %d "
                    + "rows inputs are reduced to (eval.reduce_to) and %d are not; choose the costs on logs of one kind",
                    data, reduced, samples.size(), cfg.workingGeometry().reduceTo(), samples.size() - reduced));
        }
        return reduced > 0 ? TrackerChoice.REDUCED : TrackerChoice.NAME;
    }
}
