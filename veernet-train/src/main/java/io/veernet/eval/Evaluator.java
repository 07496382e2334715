package io.veernet.eval;

import io.veernet.config.EvalConfig;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import io.veernet.config.ConfigLoader;
import io.veernet.config.VeernetConfig;
import io.veernet.data.curves.ClassProbabilities;
import io.veernet.data.dataset.Dataset;
import io.veernet.data.dataset.Sample;
import io.veernet.data.dataset.SampleCache;
import io.veernet.data.dataset.SampleRef;
import io.veernet.data.io.Json;
import io.veernet.data.metrics.CurveScore;
import io.veernet.data.metrics.CurveSummary;
import io.veernet.data.metrics.SplitScorer;
import io.veernet.model.Predictor;
import io.veernet.model.averaging.WeightMaps;
import io.veernet.model.checkpoint.Checkpoint;
import io.veernet.train.EpochRecord;
import io.veernet.train.NormStatistics;
import io.veernet.train.RunFolder;
import io.veernet.train.Validator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Scores every model a run can produce on the same images: raw, best, each EMA, SWA, LAWA, a
 * greedy soup and the ensemble of late snapshots, with what each costs to serve.
 */
public final class Evaluator {

    private static final Logger LOG = LoggerFactory.getLogger(Evaluator.class);

    /** Evaluation images are kept decoded up to this many pixels; larger splits are read per model. */
    static final long CACHE_PIXELS = 256L << 20;

    private final VeernetConfig config;
    private final RunFolder run;
    private final Dataset data;
    private final String split;

    /** What scoring one model produced: its figures and, per image, the scorer's results. */
    record Scored(ModelResult result, List<SplitScorer.ImageResult> images) {
    }

    public Evaluator(VeernetConfig config, RunFolder run, Dataset data, String split) {
        this.config = config;
        this.run = run;
        this.data = data;
        this.split = split;
    }

    /** Evaluates every model; {@code overlays} receives the per-image results of the model pictured. */
    public Outcome evaluate(String command) throws IOException {
        List<SampleRef> refs = data.split(split);
        SampleCache samples = new SampleCache(refs, CACHE_PIXELS);
        EvalConfig e = config.eval();
        try (NDManager manager = NDManager.newBaseManager()) {
            RunModels models = new RunModels(config, run, manager);
            Checkpoint ckpt = models.checkpoint();
            List<Candidate> candidates = candidates(models, manager);
            List<ModelResult> results = new ArrayList<>();
            List<SplitScorer.ImageResult> pictured = null;
            String picturedName = pictured(candidates);
            for (Candidate c : candidates) {
                LOG.info("Scoring {} on {} {} images ({} forward pass{} per image)", c.name(), samples.size(), split,
                        c.members().size(), c.members().size() == 1 ? "" : "es");
                Scored s = score(c, samples, manager);
                results.add(s.result());
                if (c.name().equals(picturedName)) {
                    pictured = s.images();
                }
            }
            List<EpochRecord> history = new ArrayList<>();
            for (JsonNode r : ckpt.meta().path("history")) {
                history.add(Json.mapper().treeToValue(r, EpochRecord.class));
            }
            String normalisation = NormStatistics.needed(config.model())
                    ? "BatchNorm: every weight-averaged model (EMA, SWA, LAWA, soup) had its running statistics "
                    + "recomputed with one pass over " + (e.recalibrationImages() == 0 ? "all" : "up to " + e.recalibrationImages())
                    + " training images (cumulative average) before it was scored."
                    : "GroupNorm: the network keeps no running statistics, so averaged weights are used as they are; "
                    + "no recalibration is needed.";
            EvaluationReport report = new EvaluationReport(run.dir().toString(), ckpt.file().getFileName().toString(),
                    ckpt.epoch(), ckpt.step(), data.root().toString(), split, samples.size(), command, config.name(),
                    ConfigLoader.toYaml(config), normalisation, config.train().swaStartIndex() + 1, results, history,
                    List.of());
            return new Outcome(report, picturedName, pictured);
        }
    }

    /** The report and the pictured model's per-image results (for overlays). */
    public record Outcome(EvaluationReport report, String picturedModel, List<SplitScorer.ImageResult> picturedImages) {
    }

    /** SWA when there is one, else the slowest EMA, else raw: the model a user would ship. */
    static String pictured(List<Candidate> candidates) {
        for (String kind : List.of("swa", "ema", "raw")) {
            String found = null;
            for (Candidate c : candidates) {
                if (c.kind().equals(kind)) {
                    found = c.name();
                }
            }
            if (found != null) {
                return found;
            }
        }
        return candidates.get(0).name();
    }

    /** Every model the run gives, raw first, the ensemble last. */
    List<Candidate> candidates(RunModels models, NDManager manager) throws IOException {
        List<Candidate> out = new ArrayList<>();
        for (String name : models.names()) {
            if (name.equals("ema") || name.equals("lawa") || name.equals("ensemble")) {
                continue;
            }
            out.add(models.get(name));
        }
        if (!models.snapshots().isEmpty()) {
            out.add(models.get("lawa"));
            if (config.eval().soup() && data.hasSplit("validation")) {
                out.add(soup(models.snapshots(), manager));
            }
            out.add(models.get("ensemble"));
        }
        return out;
    }

    /**
     * Greedy soup: snapshots in order of validation score, each added to the uniform average only
     * when the average's validation score improves.
     */
    Candidate soup(List<Checkpoint> snapshots, NDManager manager) {
        List<Checkpoint> ranked = new ArrayList<>(snapshots);
        ranked.sort(Comparator.comparingDouble((Checkpoint c) -> c.meta().path("score").asDouble(Double.NEGATIVE_INFINITY))
                .reversed());
        Validator validator = new Validator(data.split("validation"));
        List<Checkpoint> ingredients = new ArrayList<>(List.of(ranked.get(0)));
        double bestScore;
        try (Predictor p = Predictor.create(config.model(), manager)) {
            bestScore = soupScore(p, weights(ingredients), validator, manager);
            for (Checkpoint next : ranked.subList(1, ranked.size())) {
                List<Checkpoint> trial = new ArrayList<>(ingredients);
                trial.add(next);
                double score = soupScore(p, weights(trial), validator, manager);
                if (score > bestScore) {
                    bestScore = score;
                    ingredients = trial;
                }
            }
        }
        ingredients.sort(Comparator.comparingLong(Checkpoint::epoch));
        return new Candidate("soup", "soup", "greedy soup of epochs " + epochs(ingredients) + " (of " + epochs(snapshots)
                + ", validation score " + String.format(java.util.Locale.ROOT, "%.4f", bestScore) + ")",
                List.of(WeightMaps.average(weights(ingredients), manager)), true);
    }

    private double soupScore(Predictor p, List<Map<String, NDArray>> ingredients, Validator validator, NDManager manager) {
        try (NDManager scope = manager.newSubManager()) {
            p.load(WeightMaps.average(ingredients, scope));
            NormStatistics.recalibrate(p, data.split("train"), config.eval().recalibrationImages());
            return validator.score(p).score();
        }
    }

    /** Scores one model on every image of the split, timing its forward passes and sampling memory. */
    Scored score(Candidate c, SampleCache samples, NDManager manager) {
        try (MemorySampler memory = new MemorySampler();
             ModelRunner runner = new ModelRunner(c, config.model(), manager,
                     data.hasSplit("train") ? data.split("train") : List.of(), // a test-only dataset (held-out) has none
                     config.eval().recalibrationImages(), config.synth().workingGeometry())) {
            SplitScorer scorer = new SplitScorer();
            List<SplitScorer.ImageResult> images = new ArrayList<>();
            int timed = config.eval().timingImages() == 0 ? samples.size() : Math.min(samples.size(), config.eval().timingImages());
            long[] nanos = new long[timed];
            // One untimed pass first: the first forward pays for allocations and kernel selection.
            runner.probabilities(samples.get(0).image());
            for (int i = 0; i < samples.size(); i++) {
                Sample s = samples.get(i);
                long t0 = System.nanoTime();
                ClassProbabilities probs = runner.probabilities(s.image());
                if (i < timed) {
                    nanos[i] = System.nanoTime() - t0;
                }
                images.add(scorer.add(s, probs));
            }
            ServingCost cost = new ServingCost(runner.members(), runner.parameters(), runner.parameters() * 4 / 1e6,
                    median(nanos) / 1e6, memory.peakMb(), memory.increaseMb());
            return new Scored(result(c, scorer, images, cost), images);
        }
    }

    private static ModelResult result(Candidate c, SplitScorer s, List<SplitScorer.ImageResult> images, ServingCost cost) {
        double[] iou = new double[3];
        double[] f1 = new double[3];
        for (int k = 0; k < 3; k++) {
            iou[k] = s.overlap().iou(k);
            f1[k] = s.overlap().f1(k);
        }
        List<CurveSummary> curves = List.of(s.curves().summary(1), s.curves().summary(2));
        double[] swaps = {s.swaps().rate(1), s.swaps().rate(2), s.swaps().overallRate()};
        double[] imageR2 = images.stream().mapToDouble(Evaluator::meanR2).toArray();
        return new ModelResult(c.name(), c.kind(), c.description(), iou, f1, curves, swaps, imageR2, cost);
    }

    /** The mean over an image's curves of R-squared for ranking (a missed curve counts -1; absent curves are skipped). */
    static double meanR2(SplitScorer.ImageResult r) {
        return r.scores().stream().mapToDouble(CurveScore::r2ForRanking).filter(v -> !Double.isNaN(v)).average()
                .orElse(Double.NaN);
    }

    private static double median(long[] v) {
        long[] s = v.clone();
        Arrays.sort(s);
        return s.length == 0 ? Double.NaN : s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2.0;
    }



    private static List<Map<String, NDArray>> weights(List<Checkpoint> snapshots) {
        return RunModels.weights(snapshots);
    }

    private static String epochs(List<Checkpoint> snapshots) {
        return RunModels.epochs(snapshots);
    }
}
