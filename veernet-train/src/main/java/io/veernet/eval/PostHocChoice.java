package io.veernet.eval;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Post-hoc EMA's recorded choice: the snapshots it was rebuilt from, the validation score of every
 * length swept, the length chosen and the validation data that chose it. Reused while the
 * snapshots are the same, so scoring another dataset never tunes the length.
 *
 * @param snapshots the power-EMA snapshot files, oldest first
 * @param sweep     each swept sigma_rel with its validation score
 * @param chosen    the sigma_rel with the best validation score
 * @param data      the dataset whose validation split chose it
 */
public record PostHocChoice(List<String> snapshots, List<Point> sweep, double chosen, String data) {

    /** The choice's name in the run folder. */
    public static final String NAME = "post-hoc-ema";

    /** One swept length and its validation score. */
    public record Point(double sigmaRel, double score) {
    }

    public PostHocChoice {
        snapshots = List.copyOf(snapshots);
        sweep = List.copyOf(sweep);
    }

    static Optional<PostHocChoice> read(Path file) {
        return Choices.read(file, PostHocChoice.class, "post-hoc EMA choice");
    }

    void write(Path file) throws IOException {
        Choices.write(file, this);
    }
}
