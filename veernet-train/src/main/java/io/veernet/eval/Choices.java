package io.veernet.eval;

import io.veernet.data.io.AtomicFiles;
import io.veernet.data.io.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Reading and writing the evaluation choices a run folder records (the soup, the post-hoc EMA length). */
final class Choices {

    private Choices() {
    }

    /** The recorded choice, if there is one; one that cannot be read is an error saying how to choose again. */
    static <T> Optional<T> read(Path file, Class<T> type, String what) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Json.mapper().readValue(file.toFile(), type));
        } catch (IOException e) {
            throw new EvaluationException(file + ": a recorded " + what + " that cannot be read (" + e.getMessage()
                    + "); delete it to choose again");
        }
    }

    static void write(Path file, Object choice) throws IOException {
        Files.createDirectories(file.getParent());
        AtomicFiles.write(file, true, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(choice));
    }
}
