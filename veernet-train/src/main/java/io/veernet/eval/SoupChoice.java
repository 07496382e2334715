package io.veernet.eval;

import io.veernet.data.io.AtomicFiles;
import io.veernet.data.io.Json;

import java.io.IOException;
import java.nio.file.Files;
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

    static Optional<SoupChoice> read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Json.mapper().readValue(file.toFile(), SoupChoice.class));
        } catch (IOException e) {
            throw new EvaluationException(file + ": a recorded soup choice that cannot be read (" + e.getMessage()
                    + "); delete it to choose the soup again");
        }
    }

    void write(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        AtomicFiles.write(file, true, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(this));
    }
}
