package io.veernet.data.synth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.veernet.data.io.AtomicFiles;
import io.veernet.data.io.Json;
import io.veernet.data.io.JsonDiff;
import io.veernet.data.dataset.DatasetException;
import io.veernet.data.dataset.Manifest;
import io.veernet.data.dataset.SampleRef;
import io.veernet.data.dataset.TruthFile;
import io.veernet.data.raster.RasterIO;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.stream.Stream;

/**
 * Writes a synthetic dataset folder, in parallel and resumably.
 *
 * <p>Each file of a sample is written under a temporary name and renamed when complete, the
 * truth file last, so a sample whose truth file exists is complete. The settings are recorded in
 * {@code .generating.json} first and the manifest is written last: re-running on an interrupted
 * folder keeps complete samples and regenerates the rest, and a folder made with other settings is
 * refused unless asked to overwrite it.
 */
public final class DatasetGenerator {

    static final String PENDING = ".generating.json";

    private final SynthConfig config;
    private final long seed;
    private final Map<String, Integer> counts;

    /** How one generation went. */
    public record Report(int generated, int reused, long millis) {
    }

    /**
     * @param counts samples per split, in order (e.g. train, validation, test)
     */
    public DatasetGenerator(SynthConfig config, long seed, Map<String, Integer> counts) {
        this.config = config;
        this.seed = seed;
        this.counts = new LinkedHashMap<>(counts);
        this.counts.forEach((split, n) -> {
            if (n < 0) {
                throw new IllegalArgumentException(split + " sample count must not be negative, got " + n);
            }
            if (!split.matches("[a-z][a-z0-9_-]*")) {
                throw new IllegalArgumentException("split name '" + split + "' must be lower-case letters, digits, - or _");
            }
        });
    }

    public int total() {
        return counts.values().stream().mapToInt(Integer::intValue).sum();
    }

    /**
     * Generates into {@code dir}, reusing complete samples made with the same settings.
     *
     * @param progress called with the number of samples finished so far (any thread)
     */
    public Report generate(Path dir, int threads, boolean overwrite, IntConsumer progress) throws IOException {
        long start = System.nanoTime();
        Manifest planned = Manifest.of(seed, Json.mapper().valueToTree(config), sampleIds());
        prepare(dir, planned, overwrite);
        List<SampleRef> todo = new ArrayList<>();
        int reused = 0;
        for (var split : planned.splits().entrySet()) {
            Files.createDirectories(dir.resolve(split.getKey()));
            for (String id : split.getValue()) {
                SampleRef ref = new SampleRef(dir, split.getKey(), id);
                if (complete(ref)) {
                    reused++;
                } else {
                    todo.add(ref);
                }
            }
        }
        AtomicInteger done = new AtomicInteger(reused);
        progress.accept(reused);
        runAll(todo, Math.max(1, threads), ref -> {
            write(ref);
            progress.accept(done.incrementAndGet());
        });
        planned.write(dir);
        Files.deleteIfExists(dir.resolve(PENDING));
        return new Report(todo.size(), reused, (System.nanoTime() - start) / 1_000_000);
    }

    /** The log of sample {@code index} of a split, exactly as {@link #generate} writes it. */
    public SyntheticLog sample(LogSynthesizer synth, String split, int index) {
        return synth.generate(SampleSeeds.of(seed, split, index));
    }

    private Map<String, List<String>> sampleIds() {
        Map<String, List<String>> ids = new LinkedHashMap<>();
        counts.forEach((split, n) -> {
            List<String> list = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                list.add(id(i));
            }
            ids.put(split, list);
        });
        return ids;
    }

    static String id(int index) {
        return String.format(java.util.Locale.ROOT, "%06d", index);
    }

    /** Checks the folder holds nothing or this very dataset (or clears it when overwriting). */
    private void prepare(Path dir, Manifest planned, boolean overwrite) throws IOException {
        Files.createDirectories(dir);
        Path manifestFile = dir.resolve(Manifest.FILE);
        Path pendingFile = dir.resolve(PENDING);
        JsonNode plannedSpec = spec(planned);
        JsonNode existing = null;
        Path existingFile = null;
        if (Files.exists(manifestFile)) {
            existingFile = manifestFile;
            existing = spec(Manifest.read(manifestFile));
        } else if (Files.exists(pendingFile)) {
            existingFile = pendingFile;
            existing = Json.mapper().readTree(Files.readAllBytes(pendingFile));
        } else if (!isEmpty(dir)) {
            throw new DatasetException(dir, "is not empty and holds no VeerNet dataset; choose an empty or new folder");
        }
        if (existing != null && !JsonDiff.changedKeys(existing, plannedSpec).isEmpty()) {
            if (!overwrite) {
                throw new DatasetException(existingFile, "holds a dataset made with other settings ("
                        + differences(existing, plannedSpec) + "); use --overwrite to replace it");
            }
            clear(dir);
        }
        AtomicFiles.write(pendingFile, true, Json.mapper().writeValueAsBytes(plannedSpec));
        removeTemporaryFiles(dir);
    }

    /** What identifies a dataset's content: seed, generator settings and split sizes. */
    private static JsonNode spec(Manifest m) {
        ObjectNode spec = Json.mapper().createObjectNode();
        spec.put("seed", m.seed());
        spec.set("generator", m.generator());
        ObjectNode sizes = spec.putObject("splits");
        m.splits().forEach((k, v) -> sizes.put(k, v.size()));
        return spec;
    }

    private static String differences(JsonNode a, JsonNode b) {
        List<String> keys = JsonDiff.changedKeys(a, b);
        return keys.isEmpty() ? "unknown difference" : "differs in " + String.join(", ", keys.subList(0, Math.min(5, keys.size())));
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }

    /** Removes a dataset this generator made: the manifest, the pending file and the split folders' sample files. */
    private static void clear(Path dir) throws IOException {
        Files.deleteIfExists(dir.resolve(Manifest.FILE));
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path sub : entries.filter(Files::isDirectory).toList()) {
                try (Stream<Path> files = Files.list(sub)) {
                    for (Path f : files.toList()) {
                        String n = f.getFileName().toString();
                        if (n.endsWith(".png") || n.endsWith(".truth.json") || AtomicFiles.isTemporary(f)) {
                            Files.delete(f);
                        }
                    }
                }
            }
        }
    }

    private static void removeTemporaryFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir, 2)) {
            for (Path f : files.filter(AtomicFiles::isTemporary).toList()) {
                Files.deleteIfExists(f);
            }
        }
    }

    private static boolean complete(SampleRef ref) {
        return Files.isRegularFile(ref.truth()) && Files.isRegularFile(ref.image()) && Files.isRegularFile(ref.mask());
    }

    private final ThreadLocal<LogSynthesizer> synthesizers = new ThreadLocal<>();

    private void write(SampleRef ref) throws IOException {
        LogSynthesizer synth = synthesizers.get();
        if (synth == null) {
            synth = new LogSynthesizer(config);
            synthesizers.set(synth);
        }
        SyntheticLog log = sample(synth, ref.split(), Integer.parseInt(ref.id()));
        RasterIO.writePng(log.image(), ref.image());
        RasterIO.writeMask(log.mask(), ref.mask());
        TruthFile.write(log.truth(), ref.truth());
    }

    private interface Task {
        void run(SampleRef ref) throws IOException;
    }

    private static void runAll(List<SampleRef> refs, int threads, Task task) throws IOException {
        if (refs.isEmpty()) {
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, refs.size()), r -> {
            Thread t = new Thread(r, "generate");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (SampleRef ref : refs) {
                futures.add(pool.submit(() -> {
                    try {
                        task.run(ref);
                    } catch (IOException e) {
                        throw new UncheckedIOException(ref + ": " + e.getMessage(), e);
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof UncheckedIOException u) {
                throw u.getCause();
            }
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("generation interrupted", e);
        } finally {
            pool.shutdownNow();
        }
    }
}
