package io.veernet.eval;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The greedy soup's recorded choice: which snapshots it chose from, which epochs it took, its score
 * and the validation data it was chosen on. Recorded once so that scoring another dataset reuses it
 * instead of letting that dataset tune the soup.
 *
 * @param snapshots the snapshot files chosen from, oldest first
 * @param epochs    the epochs of the ingredients, ascending
 * @param score     the soup's validation score
 * @param data      the dataset whose validation split chose it
 */
public record SoupChoice(List<String> snapshots, List<Long> epochs, double score, String data) {

    /** The choice's name in the run folder. */
    public static final String NAME = "soup";

    public SoupChoice {
        snapshots = List.copyOf(snapshots);
        epochs = List.copyOf(epochs);
    }

    static Optional<SoupChoice> read(Path file) {
        return Choices.read(file, SoupChoice.class, "soup choice");
    }

    void write(Path file) throws IOException {
        Choices.write(file, this);
    }
}
