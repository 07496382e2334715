package io.veernet.eval;

import io.veernet.data.curves.TrackerConfig;
import io.veernet.data.metrics.TrackerTuning;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The tracked extractor's costs chosen on a run's validation split by {@code veernet tune-tracker}
 * ({@link TrackerTuning}); {@code evaluate} and {@code digitize} use them instead of the config's
 * {@code eval.tracker} while the file exists. A choice made on logs taller than the working geometry
 * (reduced before the model reads them) is kept apart, in {@link #REDUCED}, and serves only such inputs.
 *
 * @param model             the model whose probabilities chose them
 * @param data              the dataset whose split chose them
 * @param split             that split (files written before it was recorded: {@code validation})
 * @param costs             the chosen costs
 * @param configObjective   the objective (mean over curves of (median + p10) / 2 R2, less the swap rate and the wrapped value MAE) with the config's costs
 * @param objective         with the chosen costs
 * @param centroidObjective the centroid extractor's, for reference
 * @param trials            every setting tried
 */
public record TrackerChoice(String model, String data, String split, TrackerConfig costs, double configObjective, double objective,
                            double centroidObjective, List<TrackerTuning.Trial> trials) {

    /** The choice's name in the run folder: costs for inputs read at their own height. */
    public static final String NAME = "tracker";

    /** The choice for inputs reduced to the working geometry; without it they take {@link #NAME}'s. */
    public static final String REDUCED = "tracker-reduced";

    public TrackerChoice {
        split = split == null ? "validation" : split;
        trials = List.copyOf(trials);
    }

    /**
     * The costs a run's tracked extractor uses: the recorded choice when there is one, else the config's;
     * for reduced inputs the choice made on reduced logs when there is one, else the same.
     */
    public static TrackerCosts costsFor(io.veernet.train.RunFolder run, io.veernet.config.VeernetConfig cfg) {
        TrackerConfig asIs = read(run.choice(NAME)).map(TrackerChoice::costs).orElse(cfg.eval().tracker());
        TrackerConfig reduced = read(run.choice(REDUCED)).map(TrackerChoice::costs).orElse(asIs);
        return new TrackerCosts(asIs, reduced, cfg.workingGeometry());
    }

    /** Where a run's costs come from, for reports: each recorded choice, else the config's. */
    public static String describe(io.veernet.train.RunFolder run, io.veernet.config.VeernetConfig cfg) {
        String asIs = read(run.choice(NAME)).map(c -> c.describe(run.choice(NAME)))
                .orElse("the config's eval.tracker: " + cfg.eval().tracker());
        return read(run.choice(REDUCED)).map(c -> asIs + "; for inputs reduced to the working geometry, "
                + c.describe(run.choice(REDUCED))).orElse(asIs);
    }

    private String describe(Path file) {
        return "chosen on " + data + " " + split + " with " + model + " by `veernet tune-tracker` (" + file.getFileName()
                + "): " + costs;
    }

    public static Optional<TrackerChoice> read(Path file) {
        return Choices.read(file, TrackerChoice.class, "tracker choice");
    }

    public void write(Path file) throws IOException {
        Choices.write(file, this);
    }
}
