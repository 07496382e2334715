package io.veernet.eval;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.veernet.config.VeernetConfig;
import io.veernet.model.Predictor;
import io.veernet.model.averaging.WeightMaps;
import io.veernet.model.checkpoint.Checkpoint;
import io.veernet.model.checkpoint.Groups;
import io.veernet.model.io.SafeTensorsFile;
import io.veernet.train.RunFolder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The models a run folder holds, by name: {@code raw}, {@code best}, {@code ema} (or
 * {@code ema-<decay>}), {@code swa}, {@code lawa} and {@code ensemble} (last k snapshots), read
 * from the newest valid checkpoint, the snapshots and {@code weights/}.
 */
public final class RunModels {

    private final VeernetConfig config;
    private final RunFolder run;
    private final NDManager manager;
    private final Checkpoint checkpoint;
    private final List<Checkpoint> snapshots;

    /** Reads the run's newest valid checkpoint and its snapshots into {@code manager}. */
    public RunModels(VeernetConfig config, RunFolder run, NDManager manager) throws IOException {
        this.config = config;
        this.run = run;
        this.manager = manager;
        this.checkpoint = run.checkpoints().latestValid(manager).orElseThrow(() -> new EvaluationException(
                run.dir() + ": no valid checkpoint to read models from (train first: scripts/veernet train --run " + run.dir() + ")"));
        int kept = Math.max(Math.max(config.eval().lawaK(), config.eval().ensembleK()), config.train().snapshots());
        this.snapshots = run.snapshots().newestValid(kept, manager);
    }

    public Checkpoint checkpoint() {
        return checkpoint;
    }

    /** The snapshots, oldest first. */
    public List<Checkpoint> snapshots() {
        return snapshots;
    }

    /** The names {@link #get} accepts for this run. */
    public List<String> names() {
        List<String> names = new ArrayList<>(List.of("raw"));
        if (Files.exists(bestFile())) {
            names.add("best");
        }
        names.addAll(emaGroups());
        if (checkpoint.groups().containsKey(Groups.SWA)) {
            names.add("swa");
        }
        if (!snapshots.isEmpty()) {
            names.add("lawa");
            names.add("ensemble");
        }
        return names;
    }

    /** A model by name; an unknown or unavailable one is an error listing what the run has. */
    public Candidate get(String name) throws IOException {
        List<Candidate> found = switch (name) {
            case "raw" -> List.of(new Candidate("raw", "raw", "final weights (epoch " + checkpoint.epoch() + ")",
                    List.of(checkpoint.group(Groups.MODEL)), false));
            case "best" -> Files.exists(bestFile()) ? List.of(new Candidate("best", "best",
                    "raw weights of the best-validated epoch", List.of(readWeights(bestFile())), false)) : List.of();
            case "ema" -> emaGroups().isEmpty() ? List.of() : List.of(ema(emaGroups().get(emaGroups().size() - 1)));
            case "swa" -> checkpoint.groups().containsKey(Groups.SWA) ? List.of(new Candidate(Groups.SWA, "swa",
                    "SWA average of " + checkpoint.meta().path("state").path("swa_count").asLong() + " end-of-epoch weights",
                    List.of(checkpoint.group(Groups.SWA)), true)) : List.of();
            case "lawa" -> snapshots.isEmpty() ? List.of() : List.of(lawa(config.eval().lawaK()));
            case "ensemble" -> snapshots.isEmpty() ? List.of() : List.of(ensemble(config.eval().ensembleK()));
            default -> name.startsWith("ema-") && emaGroups().contains(name) ? List.of(ema(name)) : List.of();
        };
        if (found.isEmpty()) {
            throw new EvaluationException(run.dir() + " has no model '" + name + "'; it has " + names());
        }
        return found.get(0);
    }

    /** Every EMA group of the checkpoint, slowest decay last. */
    public List<String> emaGroups() {
        return checkpoint.groups().keySet().stream().filter(g -> g.startsWith("ema-"))
                .sorted((a, b) -> Double.compare(Double.parseDouble(a.substring(4)), Double.parseDouble(b.substring(4))))
                .toList();
    }

    Candidate ema(String group) {
        return new Candidate(group, "ema", "online EMA, decay " + group.substring(4) + ", every step",
                List.of(checkpoint.group(group)), true);
    }

    Candidate lawa(int k) {
        List<Checkpoint> last = last(k);
        return new Candidate("lawa-" + last.size(), "lawa", "uniform average of epochs " + epochs(last),
                List.of(WeightMaps.average(weights(last), manager)), true);
    }

    Candidate ensemble(int k) {
        List<Checkpoint> last = last(k);
        return new Candidate("ensemble-" + last.size(), "ensemble", "mean softmax of epochs " + epochs(last),
                weights(last), false);
    }

    private Path bestFile() {
        return run.bestWeights();
    }

    private Map<String, NDArray> readWeights(Path file) throws IOException {
        try (Predictor p = Predictor.create(config.model(), manager)) {
            SafeTensorsFile.load(file, p.net());
            return WeightMaps.snapshot(p.parameters(), manager);
        } catch (MalformedModelException e) {
            throw new EvaluationException(file + ": " + e.getMessage());
        }
    }

    private List<Checkpoint> last(int k) {
        return snapshots.subList(Math.max(0, snapshots.size() - k), snapshots.size());
    }

    static List<Map<String, NDArray>> weights(List<Checkpoint> snapshots) {
        return snapshots.stream().map(c -> c.group(Groups.MODEL)).toList();
    }

    static String epochs(List<Checkpoint> snapshots) {
        List<Long> e = snapshots.stream().map(Checkpoint::epoch).sorted().toList();
        return e.size() > 2 && e.get(e.size() - 1) - e.get(0) == e.size() - 1 ? e.get(0) + "-" + e.get(e.size() - 1) : e.toString();
    }
}
