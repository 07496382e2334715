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
import java.util.stream.Collectors;

/** {@code veernet tune-tracker}: chooses the tracked extractor's costs on a validation split (the run's own by default). */
@Command(name = "tune-tracker", mixinStandardHelpOptions = true,
        description = "Choose the tracked extractor's costs on a validation split, the run's own unless --data and "
                + "--split name another (--also adds more datasets' splits of that name) (coordinate descent, objective: mean over curves of (median + p10) / 2 R2, less the identity-swap rate and the wrapped curves' value MAE), "
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

    @Option(names = "--also", paramLabel = "DIR",
            description = "Another dataset whose split of the same name joins the choice (repeatable), e.g. logs of a "
                    + "second look: the objective is then the mean of the datasets' objectives, so each counts alike.")
    List<Path> also = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        RunFolder run = RunFolder.open(runDir);
        VeernetConfig cfg = run.loadConfig();
        Engines.configureThreads(cfg.train().threads());
        if (split.startsWith("test")) {
            LOG.warn("Choosing the tracker's costs on split '{}': figures of that split are then no longer a test", split);
        }
        List<Dataset> datasets = new ArrayList<>();
        datasets.add(Dataset.open(data != null ? data : run.ownData(cfg)));
        for (Path p : also) {
            datasets.add(Dataset.open(p));
        }
        List<SampleCache> caches = new ArrayList<>();
        String name = null;
        for (Dataset d : datasets) {
            SampleCache samples = new SampleCache(d.split(split), 256L << 20);
            String kind = choiceFor(samples, cfg, d.root());
            if (name != null && !name.equals(kind)) {
                throw new UserInputException(d.root() + ": its " + split + " logs are of another kind than "
                        + datasets.get(0).root() + "'s (one is reduced to the working geometry, the other not); "
                        + "choose the costs on logs of one kind");
            }
            name = kind;
            caches.add(samples);
        }
        List<TrackerTuning.Split> splits = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager()) {
            Candidate candidate = new RunModels(cfg, run, manager).get(modelName);
            try (ModelRunner runner = DigitizeCommand.serve(candidate, cfg, run, manager, modelName)) {
                for (SampleCache samples : caches) {
                    List<Sample> images = new ArrayList<>();
                    List<ClassProbabilities> maps = new ArrayList<>();
                    for (int i = 0; i < samples.size(); i++) {
                        Sample s = samples.get(i);
                        images.add(s);
                        maps.add(runner.probabilities(s.image()));
                    }
                    splits.add(new TrackerTuning.Split(images, maps));
                }
            }
        }
        String where = datasets.stream().map(d -> d.root().toString()).collect(Collectors.joining(" + "));
        LOG.info("Tuning the tracker on {} {} images of {} with {}", splits.stream().mapToInt(s -> s.samples().size()).sum(),
                split, where, modelName);
        TrackerTuning.Result r = TrackerTuning.tune(splits, cfg.eval().tracker());
        TrackerChoice choice = new TrackerChoice(modelName, where, split, r.chosen(), r.startObjective(),
                r.objective(), r.centroidObjective(), r.trials());
        Path file = run.choice(name);
        choice.write(file);
        System.out.printf(Locale.ROOT, "objective (mean over curves of (median + p10) / 2 R2 less the swap rate and the wrapped value MAE%s):%n"
                        + "  centroid %.4f, tracked with the config's costs %.4f, tracked with the chosen costs %.4f%n",
                splits.size() > 1 ? "; mean over the datasets" : "", r.centroidObjective(), r.startObjective(), r.objective());
        // Each dataset's own figures, and the swap rates beside them: they show what the identity term weighed (docs/METRICS.md).
        for (int i = 0; i < splits.size(); i++) {
            TrackerTuning.Split s = splits.get(i);
            TrackerTuning.Score centroid = s.score(Extractor.CENTROID, cfg.eval().tracker());
            TrackerTuning.Score chosen = s.score(Extractor.TRACKED, r.chosen());
            System.out.printf(Locale.ROOT, "  %s, %d %s images: objective centroid %.4f, tracked chosen %.4f; "
                            + "identity-swap rate centroid %.2f%%, tracked chosen %.2f%%; wrapped value MAE per curve "
                            + "centroid %.4f, tracked chosen %.4f spans%n", datasets.get(i).root(),
                    s.samples().size(), split, centroid.objective(), chosen.objective(),
                    100 * centroid.swapRate(), 100 * chosen.swapRate(), centroid.wrapMae(), chosen.wrapMae());
        }
        System.out.printf(Locale.ROOT, "chosen: %s%nrecorded in %s%n", r.chosen(), file);
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
