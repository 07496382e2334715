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
 * {@code eval.tracker} while the file exists.
 *
 * @param model             the model whose probabilities chose them
 * @param data              the dataset whose split chose them
 * @param split             that split (files written before it was recorded: {@code validation})
 * @param costs             the chosen costs
 * @param configObjective   the objective (mean over curves of (median + p10) / 2 R2) with the config's costs
 * @param objective         with the chosen costs
 * @param centroidObjective the centroid extractor's, for reference
 * @param trials            every setting tried
 */
public record TrackerChoice(String model, String data, String split, TrackerConfig costs, double configObjective, double objective,
                            double centroidObjective, List<TrackerTuning.Trial> trials) {

    /** The choice's name in the run folder. */
    public static final String NAME = "tracker";

    public TrackerChoice {
        split = split == null ? "validation" : split;
        trials = List.copyOf(trials);
    }

    /** The costs a run's tracked extractor uses: the recorded choice when there is one, else the config's. */
    public static TrackerConfig costsFor(io.veernet.train.RunFolder run, io.veernet.config.VeernetConfig cfg) {
        return read(run.choice(NAME)).map(TrackerChoice::costs).orElse(cfg.eval().tracker());
    }

    public static Optional<TrackerChoice> read(Path file) {
        return Choices.read(file, TrackerChoice.class, "tracker choice");
    }

    public void write(Path file) throws IOException {
        Choices.write(file, this);
    }
}
