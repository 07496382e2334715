package io.veernet.data.dataset;

import com.fasterxml.jackson.databind.JsonNode;
import io.veernet.data.io.AtomicFiles;
import io.veernet.data.io.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A dataset folder's {@code manifest.json}: format and version, how it was made (generator
 * settings and seed; null for data from other tools), the class names and each split's sample ids.
 */
public record Manifest(String format, int version, Long seed, JsonNode generator, List<String> classes,
                       Map<String, List<String>> splits) {

    public static final String FILE = "manifest.json";
    public static final String FORMAT = "veernet-dataset";
    public static final int VERSION = 1;
    public static final List<String> CLASSES = List.of("background", "curve1", "curve2");

    public Manifest {
        classes = List.copyOf(classes);
        Map<String, List<String>> copy = new LinkedHashMap<>();
        splits.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        splits = java.util.Collections.unmodifiableMap(copy);
    }

    public static Manifest of(Long seed, JsonNode generator, Map<String, List<String>> splits) {
        return new Manifest(FORMAT, VERSION, seed, generator, CLASSES, splits);
    }

    public void write(Path dir) throws IOException {
        AtomicFiles.write(dir.resolve(FILE), true, Json.mapper().writeValueAsBytes(this));
    }

    /** Reads and checks a manifest; problems are one error naming the file. */
    public static Manifest read(Path file) {
        Manifest m;
        try {
            m = Json.mapper().readValue(Files.readAllBytes(file), Manifest.class);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new DatasetException(file.getParent(), "is not a dataset: " + FILE + " is missing");
        } catch (IOException e) {
            throw new DatasetException(file, "is not a valid manifest (" + e.getMessage().lines().findFirst().orElse("") + ")", e);
        }
        if (!FORMAT.equals(m.format()) || m.version() != VERSION) {
            throw new DatasetException(file, "format is " + m.format() + " version " + m.version()
                    + ", expected " + FORMAT + " version " + VERSION);
        }
        if (!CLASSES.equals(m.classes())) {
            throw new DatasetException(file, "classes are " + m.classes() + ", expected " + CLASSES);
        }
        if (m.splits() == null || m.splits().isEmpty()) {
            throw new DatasetException(file, "lists no splits");
        }
        return m;
    }
}
