package io.veernet.eval;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import io.veernet.config.VeernetConfig;
import io.veernet.model.Predictor;
import io.veernet.config.TrainConfig;
import io.veernet.model.averaging.Cadence;
import io.veernet.model.averaging.LiveWeights;
import io.veernet.model.averaging.Swag;
import io.veernet.model.averaging.WeightMaps;
import io.veernet.model.checkpoint.TrainingState;
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
 * The models a run folder holds, by name: {@code raw}, {@code best}, every averaged model the
 * checkpoint lists ({@code ema-4ep}, {@code swa}, {@code swad}, {@code swag} as its samples; {@code ema} is the last EMA),
 * {@code lawa} and {@code ensemble} (last k snapshots), read from the newest valid checkpoint, the
 * snapshots and {@code weights/}.
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
        averagers().forEach(a -> names.add(a.name()));
        if (!snapshots.isEmpty()) {
            names.add("lawa");
            names.add("ensemble");
        }
        return names;
    }

    /** An averaged model the checkpoint holds: its name, kind and how it was made. */
    record Averaged(String name, String kind, String description) {
    }

    /**
     * The checkpoint's averaged models in the run's order (power EMAs, which only feed post-hoc
     * EMA, left out). Checkpoints from before the averager seam list none: their EMA and SWA
     * groups are read by name.
     */
    List<Averaged> averagers() {
        List<Averaged> out = new ArrayList<>();
        JsonNode list = checkpoint.meta().path("state").path("averagers");
        if (list.isObject()) {
            list.fields().forEachRemaining(e -> {
                String kind = e.getValue().path("kind").asText();
                if (!kind.equals("power-ema") && e.getValue().path("ready").asBoolean()
                        && checkpoint.groups().containsKey(e.getKey())) {
                    out.add(new Averaged(e.getKey(), kind, e.getValue().path("description").asText(e.getKey())));
                }
            });
            return out;
        }
        checkpoint.groups().keySet().stream().filter(g -> g.startsWith("ema-")).sorted().forEach(g ->
                out.add(new Averaged(g, "ema", "online EMA, decay " + g.substring(4) + ", every step")));
        if (checkpoint.groups().containsKey(Groups.SWA)) {
            out.add(new Averaged(Groups.SWA, "swa", "SWA average of "
                    + checkpoint.meta().path("state").path("swa_count").asLong() + " end-of-epoch weights"));
        }
        return out;
    }

    /** A model by name; an unknown or unavailable one is an error listing what the run has. */
    public Candidate get(String name) throws IOException {
        List<Averaged> averaged = averagers();
        List<Averaged> emas = averaged.stream().filter(a -> a.kind().equals("ema")).toList();
        List<Candidate> found = switch (name) {
            case "raw" -> List.of(new Candidate("raw", "raw", "final weights (epoch " + checkpoint.epoch() + ")",
                    List.of(checkpoint.group(Groups.MODEL)), false));
            case "best" -> Files.exists(bestFile()) ? List.of(new Candidate("best", "best",
                    "raw weights of the best-validated epoch", List.of(readWeights(bestFile())), false)) : List.of();
            case "ema" -> emas.isEmpty() ? List.of() : List.of(candidate(emas.get(emas.size() - 1)));
            case "lawa" -> snapshots.isEmpty() ? List.of() : List.of(lawa(config.eval().lawaK()));
            case "ensemble" -> snapshots.isEmpty() ? List.of() : List.of(ensemble(config.eval().ensembleK()));
            default -> averaged.stream().filter(a -> a.name().equals(name)).map(this::candidate).toList();
        };
        if (found.isEmpty()) {
            throw new EvaluationException(run.dir() + " has no model '" + name + "'; it has " + names());
        }
        return found.get(0);
    }

    private Candidate candidate(Averaged a) {
        if (a.kind().equals("swag")) {
            return swagSamples(a);
        }
        return new Candidate(a.name(), a.kind(), a.description(), List.of(checkpoint.group(a.name())), true);
    }

    /**
     * SWAG as served: {@code train.swag.samples} weight sets drawn from the saved Gaussian (seeds
     * {@code seed}, {@code seed + 1}, ...), their softmax maps averaged; each sample is a weight-space
     * draw, so a BatchNorm model recalibrates every one (GroupNorm needs nothing).
     */
    @SuppressWarnings("try") // the live-weights view is only needed to build the Swag
    private Candidate swagSamples(Averaged a) {
        TrainConfig.Swag cfg = config.train().swag();
        List<Map<String, NDArray>> samples = new ArrayList<>();
        try (Predictor p = Predictor.create(config.model(), manager);
             LiveWeights live = new LiveWeights(p.parameters(), manager);
             Swag swag = new Swag(cfg.rank(), Cadence.everyStep(), p.parameters(), manager, live)) {
            swag.restore(TrainingState.averagerState(checkpoint, a.name()));
            for (int i = 0; i < cfg.samples(); i++) {
                samples.add(swag.sample(cfg.scale(), cfg.seed() + i, manager));
            }
            return new Candidate(a.name(), a.kind(), cfg.samples() + " samples at scale " + cfg.scale() + " from " + a.description(),
                    samples, true);
        }
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
