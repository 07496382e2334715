package io.veernet.eval;

import io.veernet.config.EvalConfig;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import io.veernet.config.ConfigLoader;
import io.veernet.config.VeernetConfig;
import io.veernet.data.curves.ClassProbabilities;
import io.veernet.data.curves.Extractor;
import io.veernet.data.dataset.Dataset;
import io.veernet.data.dataset.Sample;
import io.veernet.data.dataset.SampleCache;
import io.veernet.data.dataset.SampleRef;
import io.veernet.data.io.Json;
import io.veernet.data.metrics.ClassOverlap;
import io.veernet.data.metrics.CurveScore;
import io.veernet.data.metrics.IdentitySwaps;
import io.veernet.data.metrics.CurveSummary;
import io.veernet.data.metrics.SplitScorer;
import io.veernet.model.Predictor;
import io.veernet.model.averaging.PostHocEma;
import io.veernet.model.averaging.PowerEma;
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
import java.util.Optional;

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
    private Dataset ownData;
    /** The tracked extractor's costs: chosen on validation by tune-tracker when recorded, else the config's. */
    private final TrackerCosts tracker;
    /** The post-hoc EMA sweep of this evaluation, when the run has one. */
    private PostHocChoice postHoc;

    /** The extractor whose per-image results are pictured and ranked: the one digitize uses by default. */
    static final Extractor PICTURED_EXTRACTOR = Extractor.DEFAULT;

    /** What scoring one model produced: its figures and, per image, the pictured extractor's results. */
    record Scored(ModelResult result, List<SplitScorer.ImageResult> images) {
    }

    public Evaluator(VeernetConfig config, RunFolder run, Dataset data, String split) {
        this.config = config;
        this.run = run;
        this.data = data;
        this.split = split;
        this.tracker = TrackerChoice.costsFor(run, config);
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
                    List.of(), config.eval().targetScore(), postHoc, trackerCosts());
            return new Outcome(report, picturedName, pictured);
        }
    }

    /** Where the tracked extractor's costs came from, in words. */
    private String trackerCosts() {
        return TrackerChoice.describe(run, config);
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

    /** Scores only the models named here (as the report names them; empty: every model). */
    public Evaluator only(List<String> names) {
        this.only = List.copyOf(names);
        return this;
    }

    private List<String> only = List.of();

    /** Models whose report name carries a suffix (post-hoc-ema-0.05, lawa-5, ensemble-5): the bare name selects them too. */
    private static final List<String> SUFFIXED = List.of("post-hoc-ema", "lawa", "ensemble");

    private boolean wanted(String key) {
        return only.isEmpty() || only.stream().anyMatch(u -> selects(u, key));
    }

    private static boolean selects(String asked, String key) {
        return asked.equals(key) || (SUFFIXED.contains(key) && asked.startsWith(key + "-"));
    }

    /** Every model the run gives (or those {@link #only} names), raw first, the ensemble last. */
    List<Candidate> candidates(RunModels models, NDManager manager) throws IOException {
        List<Candidate> out = new ArrayList<>();
        List<String> known = new ArrayList<>();
        for (String name : models.names()) {
            if (name.equals("ema") || name.equals("lawa") || name.equals("ensemble")) {
                continue;
            }
            known.add(name);
            if (wanted(name)) {
                out.add(models.get(name));
            }
        }
        known.add("post-hoc-ema");
        if (wanted("post-hoc-ema")) {
            postHocEma(manager).ifPresent(out::add);
        }
        if (!models.snapshots().isEmpty()) {
            known.addAll(List.of("lawa", "soup", "ensemble"));
            if (wanted("lawa")) {
                out.add(models.get("lawa"));
            }
            if (config.eval().soup() && wanted("soup")) {
                soup(models.snapshots(), manager).ifPresent(out::add);
            }
            if (wanted("ensemble")) {
                out.add(models.get("ensemble"));
            }
        }
        List<String> unknown = only.stream().filter(n -> known.stream().noneMatch(k -> selects(n, k))).toList();
        if (!unknown.isEmpty() || out.isEmpty()) {
            throw new EvaluationException("--models: " + (unknown.isEmpty() ? "no model selected" : "no model named "
                    + String.join(", ", unknown)) + " in " + run.dir() + "; it has " + String.join(", ", known));
        }
        return out;
    }

    /**
     * The run's own dataset (the one it was trained on): the soup is chosen on its validation split
     * and BatchNorm statistics come from its training split, whatever dataset is being scored.
     */
    private Dataset ownData() {
        if (ownData == null) {
            ownData = Dataset.open(run.ownData(config));
        }
        return ownData;
    }

    /** The run's own dataset when its validation split can be read; else empty, with a warning that {@code what} is skipped. */
    private Optional<Dataset> ownValidation(String what) {
        try {
            Dataset own = ownData();
            own.split("validation");
            return Optional.of(own);
        } catch (io.veernet.data.dataset.DatasetException e) {
            LOG.warn("No {}: it is chosen on the run's own validation split, which cannot be read ({})", what, e.getMessage());
            return Optional.empty();
        }
    }

    /** Training images for a BatchNorm statistics pass; GroupNorm models need none (and read none). */
    private List<SampleRef> recalibrationImages() {
        if (!NormStatistics.needed(config.model())) {
            return List.of();
        }
        try {
            return ownData().split("train");
        } catch (io.veernet.data.dataset.DatasetException e) {
            throw new EvaluationException("this BatchNorm model's averaged weights need a statistics pass over the run's "
                    + "training images, which cannot be read: " + e.getMessage());
        }
    }

    /**
     * The greedy soup: the recorded choice when it was made from the same snapshots, else chosen
     * now on the run's own validation split and recorded. Empty (with a warning) when neither is possible.
     */
    Optional<Candidate> soup(List<Checkpoint> snapshots, NDManager manager) throws IOException {
        List<String> names = snapshots.stream().map(c -> c.file().getFileName().toString()).toList();
        Optional<SoupChoice> recorded = SoupChoice.read(run.choice(SoupChoice.NAME));
        SoupChoice choice;
        if (recorded.isPresent() && recorded.get().snapshots().equals(names)) {
            choice = recorded.get();
            LOG.info("Soup: reusing the choice recorded in {} (epochs {})", run.choice(SoupChoice.NAME), choice.epochs());
        } else {
            Optional<Dataset> own = ownValidation("soup");
            if (own.isEmpty()) {
                return Optional.empty();
            }
            choice = chooseSoup(snapshots, own.get(), manager);
            choice.write(run.choice(SoupChoice.NAME));
        }
        List<Checkpoint> ingredients = snapshots.stream().filter(c -> choice.epochs().contains(c.epoch())).toList();
        return Optional.of(new Candidate("soup", "soup", "greedy soup of epochs " + epochs(ingredients) + " (of "
                + epochs(snapshots) + ", chosen on " + choice.data() + " validation, score "
                + String.format(java.util.Locale.ROOT, "%.4f", choice.score()) + ")",
                List.of(WeightMaps.average(weights(ingredients), manager)), true));
    }

    /**
     * Post-hoc EMA: the recorded length when it was chosen from the same snapshots, else every
     * length of {@code train.post_hoc_ema.sweep} rebuilt and scored on the run's own validation
     * split, the best recorded; the model at that length. Empty when the run kept no power EMAs.
     */
    Optional<Candidate> postHocEma(NDManager manager) throws IOException {
        List<Checkpoint> snaps = run.postHocSnapshots().newestValid(Integer.MAX_VALUE, manager);
        if (snaps.isEmpty()) {
            return Optional.empty();
        }
        List<PostHocEma.Snapshot> specs = new ArrayList<>();
        List<Map<String, NDArray>> maps = new ArrayList<>();
        long steps = 0;
        for (Checkpoint c : snaps) {
            var emas = c.meta().path("power_emas").fields();
            while (emas.hasNext()) {
                var e = emas.next();
                specs.add(new PostHocEma.Snapshot(e.getValue().path("gamma").asDouble(), e.getValue().path("updates").asLong()));
                maps.add(c.group(e.getKey()));
                steps = Math.max(steps, e.getValue().path("updates").asLong());
            }
        }
        List<String> names = snaps.stream().map(c -> c.file().getFileName().toString()).toList();
        Optional<PostHocChoice> recorded = PostHocChoice.read(run.choice(PostHocChoice.NAME));
        PostHocChoice choice;
        if (recorded.isPresent() && recorded.get().snapshots().equals(names)) {
            choice = recorded.get();
            LOG.info("Post-hoc EMA: reusing the length recorded in {} (sigma_rel {})", run.choice(PostHocChoice.NAME),
                    choice.chosen());
        } else {
            Optional<Dataset> ownData = ownValidation("post-hoc EMA");
            if (ownData.isEmpty()) {
                return Optional.empty();
            }
            Dataset own = ownData.get();
            Validator validator = new Validator(own.split("validation"));
            List<PostHocChoice.Point> sweep = new ArrayList<>();
            try (Predictor p = Predictor.create(config.model(), manager)) {
                for (double sigma : config.train().postHocEma().sweep()) {
                    try (NDManager scope = manager.newSubManager()) {
                        p.load(PostHocEma.combine(maps, PostHocEma.coefficients(specs, sigma, steps), scope));
                        NormStatistics.recalibrate(p, recalibrationImages(), config.eval().recalibrationImages());
                        double score = validator.score(p).score();
                        sweep.add(new PostHocChoice.Point(sigma, score));
                        LOG.info("Post-hoc EMA sigma_rel {}: validation score {}", sigma,
                                String.format(java.util.Locale.ROOT, "%.4f", score));
                    }
                }
            }
            PostHocChoice.Point best = sweep.stream().max(Comparator.comparingDouble(PostHocChoice.Point::score)).orElseThrow();
            choice = new PostHocChoice(names, sweep, best.sigmaRel(), own.root().toString());
            choice.write(run.choice(PostHocChoice.NAME));
        }
        this.postHoc = choice;
        double sigma = choice.chosen();
        return Optional.of(new Candidate(PowerEma.nameFor(sigma).replace("power-ema", "post-hoc-ema"), "post-hoc-ema",
                "post-hoc EMA, sigma_rel " + sigma + " rebuilt from " + specs.size() + " power-EMA snapshots (length "
                        + "chosen on " + choice.data() + " validation from " + choice.sweep().size() + ")",
                List.of(PostHocEma.combine(maps, PostHocEma.coefficients(specs, sigma, steps), manager)), true));
    }

    /**
     * Greedy soup: snapshots in order of validation score, each added to the uniform average only
     * when the average's score on the run's own validation split improves.
     */
    private SoupChoice chooseSoup(List<Checkpoint> snapshots, Dataset own, NDManager manager) {
        List<Checkpoint> ranked = new ArrayList<>(snapshots);
        ranked.sort(Comparator.comparingDouble((Checkpoint c) -> c.meta().path("score").asDouble(Double.NEGATIVE_INFINITY))
                .reversed());
        Validator validator = new Validator(own.split("validation"));
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
        return new SoupChoice(snapshots.stream().map(c -> c.file().getFileName().toString()).toList(),
                ingredients.stream().map(Checkpoint::epoch).sorted().toList(), bestScore, own.root().toString());
    }

    private double soupScore(Predictor p, List<Map<String, NDArray>> ingredients, Validator validator, NDManager manager) {
        try (NDManager scope = manager.newSubManager()) {
            p.load(WeightMaps.average(ingredients, scope));
            NormStatistics.recalibrate(p, recalibrationImages(), config.eval().recalibrationImages());
            return validator.score(p).score();
        }
    }

    /** Scores one model on every image of the split, timing its forward passes and sampling memory. */
    Scored score(Candidate c, SampleCache samples, NDManager manager) {
        try (MemorySampler memory = new MemorySampler();
             ModelRunner runner = new ModelRunner(c, config.model(), manager,
                     c.averaged() ? recalibrationImages() : List.of(), config.eval().recalibrationImages(),
                     config.workingGeometry(), config.eval().tiling())) {
            // Each image's probabilities are read by every extractor, so their figures differ only by the extractor.
            List<SplitScorer> scorers = new ArrayList<>();
            for (Extractor x : Extractor.values()) {
                scorers.add(new SplitScorer(x, tracker.perSample()));
            }
            List<List<SplitScorer.ImageResult>> images = new ArrayList<>();
            scorers.forEach(x -> images.add(new ArrayList<>()));
            List<ClassOverlap> overlaps = new ArrayList<>();
            int timed = config.eval().timingImages() == 0 ? samples.size() : Math.min(samples.size(), config.eval().timingImages());
            long[] nanos = new long[timed];
            // One untimed pass first: the first forward pays for allocations and kernel selection.
            runner.probabilities(samples.get(0).image());
            SpreadCheck spread = runner.members() > 1 ? new SpreadCheck(PICTURED_EXTRACTOR, tracker.perSample()) : null;
            for (int i = 0; i < samples.size(); i++) {
                Sample s = samples.get(i);
                long t0 = System.nanoTime();
                List<ClassProbabilities> passes = runner.memberProbabilities(s.image());
                ClassProbabilities probs = ModelRunner.mean(passes);
                if (i < timed) {
                    nanos[i] = System.nanoTime() - t0;
                }
                if (spread != null) {
                    spread.add(s, passes, probs);
                }
                for (int k = 0; k < scorers.size(); k++) {
                    images.get(k).add(scorers.get(k).add(s, probs));
                }
                ClassOverlap overlap = new ClassOverlap();
                overlap.add(s.mask(), probs.argmax());
                overlaps.add(overlap);
            }
            ServingCost cost = new ServingCost(runner.members(), runner.parameters(), runner.parameters() * 4 / 1e6,
                    median(nanos) / 1e6, memory.peakMb(), memory.increaseMb());
            return new Scored(result(c, scorers, images, overlaps, cost, spread == null ? null : calibrated(spread, runner)),
                    images.get(PICTURED_EXTRACTOR.ordinal()));
        }
    }

    /**
     * A spread's figures, calibrated per curve on the run's own validation split (the scale and
     * floor whose Gaussian intervals cover the truth closest to nominal, then each level's
     * half-width from the same split's errors; raw ones, said so, when that split cannot be read).
     * A calibration recorded from the same weights and settings is reused: it does not depend on
     * the split being scored, and choosing it costs every pass of the model over validation.
     */
    private SpreadCheck.Spread calibrated(SpreadCheck test, ModelRunner runner) {
        double floor = config.eval().spreadFloorPx();
        Optional<Dataset> own = ownValidation("spread calibration");
        if (own.isEmpty()) {
            SpreadChoice.Curve none = new SpreadChoice.Curve(1, floor);
            return test.result(floor, List.of(none, none), "none (validation split unreadable)");
        }
        String model = runner.candidate().name();
        String basis = WeightMaps.fingerprint(runner.candidate().members()) + " "
                + Integer.toHexString(List.of(tracker, floor, String.valueOf(config.workingGeometry()),
                config.eval().tiling(), config.eval().recalibrationImages()).toString().hashCode());
        Optional<SpreadChoice> recorded = SpreadChoice.of(run, model)
                .filter(r -> basis.equals(r.basis()) && own.get().root().toString().equals(r.data()));
        if (recorded.isPresent()) {
            LOG.info("{}: reusing the spread calibrations recorded in {}", model, run.choice(SpreadChoice.name(model)));
            return test.result(floor, recorded.get().curves(), own.get().root() + " validation");
        }
        SpreadCheck validation = new SpreadCheck(PICTURED_EXTRACTOR, tracker.perSample());
        SampleCache refs = new SampleCache(own.get().split("validation"), CACHE_PIXELS);
        for (int i = 0; i < refs.size(); i++) {
            Sample s = refs.get(i);
            List<ClassProbabilities> passes = runner.memberProbabilities(s.image());
            validation.add(s, passes, ModelRunner.mean(passes));
        }
        List<SpreadChoice.Curve> calibrations = new ArrayList<>();
        for (int c = 1; c <= 2; c++) {
            double[] k = validation.coverage().bestCoverageCalibration(c);
            calibrations.add(new SpreadChoice.Curve(k[0], k[1], validation.coverage().empiricalHalfWidths(c, k[0], k[1])));
        }
        LOG.info("{}: spread calibrations {} (on {} validation)", model, calibrations, own.get().root());
        // Recorded for digitize's _SD curves; the run's own validation split chose it, whatever split is scored.
        SpreadChoice choice = new SpreadChoice(model, own.get().root().toString(), basis, calibrations);
        try {
            choice.write(run.choice(SpreadChoice.name(model)));
        } catch (java.io.IOException e) {
            throw new EvaluationException(run.choice(SpreadChoice.name(model)) + ": cannot record the spread "
                    + "calibration (" + e.getMessage() + ")");
        }
        return test.result(floor, calibrations, own.get().root() + " validation");
    }

    private static ModelResult result(Candidate c, List<SplitScorer> scorers, List<List<SplitScorer.ImageResult>> images,
                                      List<ClassOverlap> overlaps, ServingCost cost, SpreadCheck.Spread spread) {
        SplitScorer first = scorers.get(0);
        double[] iou = new double[3];
        double[] f1 = new double[3];
        for (int k = 0; k < 3; k++) {
            iou[k] = first.overlap().iou(k);
            f1[k] = first.overlap().f1(k);
        }
        List<ModelResult.Extraction> extractions = new ArrayList<>();
        for (int i = 0; i < scorers.size(); i++) {
            SplitScorer s = scorers.get(i);
            List<CurveSummary> curves = List.of(s.curves().summary(1), s.curves().summary(2));
            double[] swaps = {s.swaps().rate(1), s.swaps().rate(2), s.swaps().overallRate()};
            double[] imageR2 = images.get(i).stream().mapToDouble(Evaluator::meanR2).toArray();
            extractions.add(new ModelResult.Extraction(s.extractor(), curves, swaps, imageR2,
                    perImage(images.get(i), overlaps)));
        }
        return new ModelResult(c.name(), c.kind(), c.description(), iou, f1, extractions, cost, spread);
    }

    /** Each image's overlap, curve R-squared and swaps, for the bootstrap. */
    private static List<ModelResult.ImageFigures> perImage(List<SplitScorer.ImageResult> images, List<ClassOverlap> overlaps) {
        List<ModelResult.ImageFigures> out = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            SplitScorer.ImageResult r = images.get(i);
            double[] r2 = {Double.NaN, Double.NaN};
            for (CurveScore sc : r.scores()) {
                if (sc.classId() >= 1 && sc.classId() <= 2) {
                    r2[sc.classId() - 1] = sc.r2();
                }
            }
            IdentitySwaps swaps = new IdentitySwaps();
            swaps.add(r.sample().truth(), r.extracted());
            out.add(new ModelResult.ImageFigures(overlaps.get(i), r2, swaps));
        }
        return out;
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
