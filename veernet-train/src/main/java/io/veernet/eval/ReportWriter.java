package io.veernet.eval;

import io.veernet.data.curves.Extractor;
import io.veernet.data.dataset.Sample;
import io.veernet.data.io.AtomicFiles;
import io.veernet.data.io.Json;
import io.veernet.data.metrics.ClassOverlap;
import io.veernet.data.metrics.CurveScore;
import io.veernet.data.metrics.IdentitySwaps;
import io.veernet.data.metrics.PairedBootstrap;
import io.veernet.data.metrics.CurveSummary;
import io.veernet.data.metrics.SplitScorer;
import io.veernet.data.metrics.Summary;
import io.veernet.data.raster.RasterIO;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * Writes an evaluation: report.md (tables a person reads), report.json (the same figures for
 * tools) and the pictures. Everything is computed before the first file is written, and each file
 * is written atomically.
 */
public final class ReportWriter {

    /**
     * A metric of the lift tables: its label, how to read it from a model, whether higher is
     * better, and how to compute it on a resample of the images (given as indices) for the bootstrap.
     */
    record Metric(String label, ToDoubleFunction<ModelResult> value, boolean higherIsBetter,
                  ResampledValue onImages) {
        Metric(String label, ToDoubleFunction<ModelResult> value, boolean higherIsBetter) {
            this(label, value, higherIsBetter, null);
        }
    }

    /** A metric on a resample of a model's images. */
    interface ResampledValue {
        double of(ModelResult m, int[] images);
    }

    /** The lift tables' metrics, curve figures read with extractor {@code x}. */
    static List<Metric> keyMetrics(Extractor x) {
        return List.of(
                new Metric("bg IoU", m -> m.iou()[0], true, (m, idx) -> iou(m, x, 0, idx)),
                new Metric("curve 1 IoU", m -> m.iou()[1], true, (m, idx) -> iou(m, x, 1, idx)),
                new Metric("curve 2 IoU", m -> m.iou()[2], true, (m, idx) -> iou(m, x, 2, idx)),
                new Metric("curve 1 R2 median", m -> m.curve(x, 1).r2().median(), true, (m, idx) -> r2(m, x, 1, idx).median()),
                new Metric("curve 1 R2 p10", m -> m.curve(x, 1).r2().p10(), true, (m, idx) -> r2(m, x, 1, idx).p10()),
                new Metric("curve 2 R2 median", m -> m.curve(x, 2).r2().median(), true, (m, idx) -> r2(m, x, 2, idx).median()),
                new Metric("curve 2 R2 p10", m -> m.curve(x, 2).r2().p10(), true, (m, idx) -> r2(m, x, 2, idx).p10()),
                new Metric("swap rate", m -> m.extraction(x).swapRate()[2], false, (m, idx) -> swaps(m, x, idx)));
    }

    private static double iou(ModelResult m, Extractor x, int classId, int[] idx) {
        ClassOverlap o = new ClassOverlap();
        List<ModelResult.ImageFigures> images = m.extraction(x).images();
        for (int i : idx) {
            o.merge(images.get(i).overlap());
        }
        return o.iou(classId);
    }

    private static Summary r2(ModelResult m, Extractor x, int curve, int[] idx) {
        List<ModelResult.ImageFigures> images = m.extraction(x).images();
        double[] v = new double[idx.length];
        for (int i = 0; i < idx.length; i++) {
            v[i] = images.get(idx[i]).r2()[curve - 1];
        }
        return Summary.of(v, Summary.Better.HIGHER);
    }

    private static double swaps(ModelResult m, Extractor x, int[] idx) {
        IdentitySwaps s = new IdentitySwaps();
        List<ModelResult.ImageFigures> images = m.extraction(x).images();
        for (int i : idx) {
            s.merge(images.get(i).swaps());
        }
        return s.overallRate();
    }

    /** The paired bootstrap interval of {@code m - raw} on metric {@code k}; null when per-image figures are missing. */
    static PairedBootstrap.Interval lift(Metric k, ModelResult m, ModelResult raw) {
        List<ModelResult.ImageFigures> a = m.extractions().get(0).images();
        List<ModelResult.ImageFigures> b = raw.extractions().get(0).images();
        if (k.onImages() == null || a == null || b == null || a.size() != b.size()) {
            return null;
        }
        return PairedBootstrap.DEFAULT.interval(a.size(), idx -> k.onImages().of(m, idx) - k.onImages().of(raw, idx));
    }

    /** The extractor-lift table's metrics: curve figures only, the overlap does not depend on the extractor. */
    static List<Metric> extractorMetrics(Extractor x) {
        return List.of(
                new Metric("curve 1 R2 mean", m -> m.curve(x, 1).r2().mean(), true),
                new Metric("curve 1 R2 median", m -> m.curve(x, 1).r2().median(), true),
                new Metric("curve 1 R2 p10", m -> m.curve(x, 1).r2().p10(), true),
                new Metric("curve 2 R2 mean", m -> m.curve(x, 2).r2().mean(), true),
                new Metric("curve 2 R2 median", m -> m.curve(x, 2).r2().median(), true),
                new Metric("curve 2 R2 p10", m -> m.curve(x, 2).r2().p10(), true),
                new Metric("swap rate", m -> m.extraction(x).swapRate()[2], false));
    }

    private ReportWriter() {
    }

    /** Writes the report and its pictures into {@code out} (created if missing); returns report.md. */
    public static Path write(Evaluator.Outcome outcome, Path out) throws IOException {
        EvaluationReport r = outcome.report();
        List<String> pictures = new ArrayList<>();
        List<BufferedImage> images = new ArrayList<>();
        if (!r.history().isEmpty()) {
            pictures.add("validation.png");
            images.add(ReportCharts.validation(r.history(), r.swaStartEpoch()));
        }
        if (r.postHoc() != null) {
            pictures.add("post-hoc-ema.png");
            images.add(ReportCharts.postHocSweep(r.postHoc()));
        }
        pictures.add("r2-distribution.png");
        images.add(ReportCharts.r2Distribution(r.models(), -1));
        List<ModelResult> spread = r.models().stream().filter(m -> m.spread() != null).toList();
        if (!spread.isEmpty()) {
            pictures.add("reliability.png");
            images.add(ReportCharts.reliability(r.models()));
            ModelResult shown = spread.stream().filter(m -> m.kind().equals("swag")).findFirst().orElse(spread.get(0));
            if (shown.spread().band() != null) {
                pictures.add("band.png");
                images.add(band(shown));
            }
        }
        List<SplitScorer.ImageResult> ranked = rankedImages(outcome.picturedImages());
        if (!ranked.isEmpty()) {
            pictures.add("overlay-median.png");
            images.add(overlay(ranked.get(ranked.size() / 2), outcome.picturedModel(), "median"));
            pictures.add("overlay-worst.png");
            images.add(overlay(ranked.get(0), outcome.picturedModel(), "worst"));
        }
        EvaluationReport withPictures = new EvaluationReport(r.run(), r.checkpoint(), r.epoch(), r.step(), r.dataset(),
                r.split(), r.images(), r.command(), r.configName(), r.config(), r.normalisation(), r.swaStartEpoch(),
                r.models(), r.history(), pictures, r.targetScore(), r.postHoc(), r.trackerCosts());
        byte[] json = Json.mapper().writeValueAsBytes(withPictures);
        String markdown = markdown(withPictures, outcome.picturedModel());

        Files.createDirectories(out);
        for (int i = 0; i < pictures.size(); i++) {
            RasterIO.writePng(images.get(i), out.resolve(pictures.get(i)));
        }
        AtomicFiles.write(out.resolve("report.json"), true, json);
        Path md = out.resolve("report.md");
        AtomicFiles.write(md, true, markdown.getBytes(StandardCharsets.UTF_8));
        return md;
    }

    /** Images by the mean of their curves' R-squared, worst first (undefined ones count as worst). */
    static List<SplitScorer.ImageResult> rankedImages(List<SplitScorer.ImageResult> images) {
        if (images == null) {
            return List.of();
        }
        List<SplitScorer.ImageResult> sorted = new ArrayList<>(images);
        sorted.sort(Comparator.comparingDouble(i -> {
            double v = Evaluator.meanR2(i);
            return Double.isNaN(v) ? Double.NEGATIVE_INFINITY : v;
        }));
        return sorted;
    }

    private static BufferedImage overlay(SplitScorer.ImageResult r, String model, String which) {
        Sample s = r.sample();
        List<Overlay.Trace> traces = new ArrayList<>();
        double[] worst = new double[s.image().width()];
        for (var c : s.truth().curves()) {
            traces.add(new Overlay.Trace(c.row(), Overlay.TRUTH, 3f));
        }
        for (var e : r.extracted()) {
            double[] truth = s.truth().curve(e.classId()).row();
            for (int x = 0; x < worst.length; x++) {
                double d = Math.abs(e.rows()[x] - truth[x]);
                if (!Double.isNaN(d)) {
                    worst[x] = Math.max(worst[x], d);
                }
            }
            traces.add(new Overlay.Trace(e.rows(), e.classId() == 1 ? Overlay.CURVE1 : Overlay.CURVE2, 1.2f));
        }
        int centre = 0;
        for (int x = 1; x < worst.length; x++) {
            centre = worst[x] > worst[centre] ? x : centre;
        }
        int[] window = Overlay.window(s.image().width(), 2400, centre);
        StringBuilder caption = new StringBuilder(String.format(Locale.ROOT, "%s image %s (%s, %s extractor): R2", which,
                s.ref(), model, Evaluator.PICTURED_EXTRACTOR.label()));
        for (CurveScore sc : r.scores()) {
            caption.append(String.format(Locale.ROOT, " curve %d %s", sc.classId(),
                    sc.coverage() == 0 ? "missed" : f(sc.r2())));
        }
        caption.append("; green truth, blue curve 1, orange curve 2");
        if (window[1] - window[0] < s.image().width()) {
            caption.append(String.format(Locale.ROOT, "; columns %d-%d", window[0], window[1]));
        }
        return Overlay.draw(s.image(), traces, window[0], window[1], caption.toString());
    }

    static String markdown(EvaluationReport r, String pictured) {
        StringBuilder md = new StringBuilder();
        md.append("# VeerNet evaluation: ").append(r.configName()).append("\n\n");
        md.append(String.format(Locale.ROOT, "- run: `%s`, checkpoint `%s` (epoch %d, step %d)%n", r.run(), r.checkpoint(),
                r.epoch(), r.step()));
        md.append(String.format(Locale.ROOT, "- data: `%s`, split `%s`, %d images%n", r.dataset(), r.split(), r.images()));
        md.append("- command: `").append(r.command()).append("`\n");
        md.append("- normalisation: ").append(r.normalisation()).append("\n");
        if (r.trackerCosts() != null) {
            md.append("- tracked extractor costs: ").append(r.trackerCosts()).append("\n");
        }
        md.append("- metric definitions: docs/METRICS.md (IoU and F1 sum pixels over the split; R2 on a 300-point grid "
                + "per image, values normalised by the track height).\n\n");

        md.append("## Accuracy\n\n");
        md.append("| model | how it was made | bg IoU | curve 1 IoU | curve 2 IoU | curve 1 F1 | curve 2 F1 |");
        for (Extractor x : Extractor.values()) {
            md.append(" swap rate ").append(x.label()).append(" |");
        }
        md.append("\n|---|---|---|---|---|---|---|").append("---|".repeat(Extractor.values().length)).append("\n");
        for (ModelResult m : r.models()) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s |", m.name(), m.description(),
                    f(m.iou()[0]), f(m.iou()[1]), f(m.iou()[2]), f(m.f1()[1]), f(m.f1()[2])));
            for (Extractor x : Extractor.values()) {
                md.append(' ').append(f(m.extraction(x).swapRate()[2])).append(" |");
            }
            md.append('\n');
        }
        for (int curve = 1; curve <= 2; curve++) {
            md.append("\n### Curve ").append(curve).append(": R-squared over images, errors, coverage, spikes\n\n");
            md.append("Each model read with each extractor (centroid: the baseline; tracked: docs/METRICS.md). Spikes: "
                    + "summed over images. Value MAE: over the wrapped logs only (n of them), in scale spans.\n\n");
            md.append("| model | extractor | R2 best | R2 mean | R2 median | R2 p10 | R2 std | undefined | native R2 median | "
                    + "MAE | RMSE | MAE px | RMSE px | coverage | swap rate | spikes | value MAE (n) |\n");
            md.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
            for (ModelResult m : r.models()) {
                for (Extractor x : Extractor.values()) {
                    CurveSummary c = m.curve(x, curve);
                    Summary r2 = c.r2();
                    md.append(String.format(Locale.ROOT,
                            "| %s | %s | %s | %s | %s | %s | %s | %d | %s | %s | %s | %s | %s | %s | %s | %d | %s (%d) |%n",
                            m.name(), x.label(), f(r2.best()), f(r2.mean()), f(r2.median()), f(r2.p10()), f(r2.std()),
                            r2.undefined(), f(c.nativeR2().median()), f(c.mae().mean()), f(c.rmse().mean()),
                            f2(c.maePixels().mean()), f2(c.rmsePixels().mean()), f(c.coverage().mean()),
                            f(m.extraction(x).swapRate()[curve - 1]), c.spikeTotal(), f(c.valueMae().mean()),
                            c.valueMae().count()));
                }
            }
        }
        md.append("\n## Lift of the tracked extractor over the centroid\n\nSame model, same probabilities: tracked "
                + "minus centroid (swap rate: lower is better); spikes as tracked / centroid totals over both curves.\n\n");
        List<Metric> lift = extractorMetrics(Extractor.TRACKED);
        List<Metric> base = extractorMetrics(Extractor.CENTROID);
        md.append("| model");
        lift.forEach(k -> md.append(" | ").append(k.label()));
        md.append(" | spikes |\n|---").append("|---".repeat(lift.size() + 1)).append("|\n");
        for (ModelResult m : r.models()) {
            md.append("| ").append(m.name());
            for (int i = 0; i < lift.size(); i++) {
                md.append(" | ").append(signed(lift.get(i).value().applyAsDouble(m) - base.get(i).value().applyAsDouble(m)));
            }
            long tracked = m.curve(Extractor.TRACKED, 1).spikeTotal() + m.curve(Extractor.TRACKED, 2).spikeTotal();
            long centroid = m.curve(Extractor.CENTROID, 1).spikeTotal() + m.curve(Extractor.CENTROID, 2).spikeTotal();
            md.append(" | ").append(tracked).append(" / ").append(centroid).append(" |\n");
        }

        md.append("\n## What each model costs to serve\n\n");
        md.append("| model | forward passes per image | parameters | MB (float32) | inference ms per image | "
                + "peak resident MB | above baseline MB |\n|---|---|---|---|---|---|---|\n");
        for (ModelResult m : r.models()) {
            ServingCost c = m.cost();
            md.append(String.format(Locale.ROOT, "| %s | %d | %,d | %.1f | %.1f | %.0f | %.0f |%n", m.name(), c.forwardPasses(),
                    c.parameters(), c.parameterMb(), c.msPerImage(), c.peakRssMb(), c.rssIncreaseMb()));
        }

        ModelResult raw = r.model("raw");
        ModelResult ensemble = r.models().stream().filter(m -> m.kind().equals("ensemble")).findFirst().orElse(null);
        for (Extractor x : raw == null ? new Extractor[0] : Extractor.values()) {
            List<Metric> keys = keyMetrics(x);
            md.append("\n## Lift over raw, ").append(x.label()).append(" extractor\n\nEach model's value minus raw's "
                    + "(swap rate: lower is better), with its paired bootstrap 95% interval over the images (2,000 "
                    + "resamples, seed 2026); **bold** where the interval excludes zero, i.e. the lift is larger than "
                    + "image-to-image noise at this test size.\n\n");
            header(md, "model", keys);
            for (ModelResult m : r.models()) {
                if (m != raw) {
                    md.append("| ").append(m.name());
                    for (Metric k : keys) {
                        md.append(" | ").append(liftCell(k.value().applyAsDouble(m) - k.value().applyAsDouble(raw),
                                lift(k, m, raw)));
                    }
                    md.append(" |\n");
                }
            }
            if (ensemble != null) {
                md.append("\n## Share of the ensemble's lift captured at one network's cost, ").append(x.label())
                        .append(" extractor\n\n");
                md.append("(model - raw) / (").append(ensemble.name()).append(" - raw); 1 means the single averaged network "
                        + "matches the ensemble, n/a where the ensemble does not differ from raw.\n\n");
                header(md, "model", keys);
                for (ModelResult m : r.models()) {
                    if (List.of("swa", "ema", "swad", "post-hoc-ema", "lawa", "soup").contains(m.kind())) {
                        md.append("| ").append(m.name());
                        for (Metric k : keys) {
                            double gain = k.value().applyAsDouble(ensemble) - k.value().applyAsDouble(raw);
                            double own = k.value().applyAsDouble(m) - k.value().applyAsDouble(raw);
                            md.append(" | ").append(Math.abs(gain) < 1e-9 || Double.isNaN(gain) ? "n/a" : f2(own / gain));
                        }
                        md.append(" |\n");
                    }
                }
            }
        }

        timeToTarget(md, r);
        postHocSweep(md, r);
        uncertainty(md, r);

        md.append("\n## Pictures\n\n");
        for (String p : r.pictures()) {
            md.append("![").append(p).append("](").append(p).append(")\n\n");
        }
        md.append("The overlays show the ").append(pictured).append(" model's curves on the test image with the median "
                + "and the lowest mean R-squared.\n\n");
        md.append("## Config\n\n```yaml\n").append(r.config()).append("```\n");
        return md.toString();
    }

    /** Models with several forward passes: whether their spread covers the truth, raw and calibrated. */
    private static void uncertainty(StringBuilder md, EvaluationReport r) {
        List<ModelResult> spread = r.models().stream().filter(m -> m.spread() != null).toList();
        if (spread.isEmpty()) {
            return;
        }
        md.append("\n## Uncertainty: does the spread across forward passes cover the truth?\n\n")
                .append("Per native column where the truth is defined: error = predicted row (from the mean map, ")
                .append(Evaluator.PICTURED_EXTRACTOR.label()).append(" extractor) - true row; sd = the standard deviation of the "
                        + "rows each pass gives alone, times the scale, with the floor added in quadrature (docs/METRICS.md). "
                        + "Coverage: share of truth points within 1 sd (68% nominal) and 1.96 sd (95%). NLL: mean Gaussian "
                        + "negative log-likelihood per point, px. Calibrated: per curve, the scale and floor whose Gaussian 68% and 95% "
                        + "intervals cover the truth closest to nominal on the run's own validation split, then each interval's "
                        + "half-width (in sd) from that split's own errors, since they are heavy-tailed (docs/METRICS.md; "
                        + "picture: reliability.png; one test log with its 95% band: band.png).\n\n");
        md.append("| model | curve | points | 68% raw | 95% raw | NLL raw | scale | floor px | 68% / 95% half-width sd | "
                + "68% calibrated | 95% calibrated | NLL calibrated | z RMS calibrated | median sd px |\n"
                + "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (ModelResult m : spread) {
            for (int c = 0; c < 2; c++) {
                var raw = m.spread().raw().get(c);
                var cal = m.spread().calibrated().get(c);
                var k = m.spread().calibrations().get(c);
                md.append(String.format(Locale.ROOT, "| %s | %d | %,d | %s | %s | %s | %.2f | %.2f | %.2f / %.2f | %s | %s | %s | %s | %s |%n",
                        m.name(), c + 1, raw.points(), f(raw.coverage68()), f(raw.coverage95()), f2(raw.nll()), k.scale(),
                        k.floor(), k.half(0.68), k.half(0.95), f(cal.coverage68()), f(cal.coverage95()), f2(cal.nll()), f2(cal.zRms()), f2(cal.medianSd())));
            }
        }
        md.append("\nRaw: scale 1, floor ").append(String.format(Locale.ROOT, "%.2f", spread.get(0).spread().floorPx()))
                .append(" px (`eval.spread_floor_px`). Calibrations chosen on: ");
        md.append(String.join("; ", spread.stream().map(m -> m.name() + " " + m.spread().calibratedOn()).toList())).append(".\n");
    }

    /** One test log with a model's prediction and its calibrated 95% band (thin lines at the calibrated 95% half-width). */
    private static BufferedImage band(ModelResult m) {
        SpreadCheck.Band b = m.spread().band();
        Sample s = b.sample();
        List<Overlay.Trace> traces = new ArrayList<>();
        for (var c : s.truth().curves()) {
            traces.add(new Overlay.Trace(c.row(), Overlay.TRUTH, 2.5f));
        }
        for (int c = 0; c < b.rows().size(); c++) {
            double[] rows = b.rows().get(c);
            double[] sd = b.sd().get(c);
            double[] lo = new double[rows.length];
            double[] hi = new double[rows.length];
            var k = m.spread().calibrations().get(c);
            for (int x = 0; x < rows.length; x++) {
                double spread = k.sd(sd[x]);
                lo[x] = rows[x] - k.half(0.95) * spread;
                hi[x] = rows[x] + k.half(0.95) * spread;
            }
            java.awt.Color colour = c == 0 ? Overlay.CURVE1 : Overlay.CURVE2;
            traces.add(new Overlay.Trace(rows, colour, 1.2f));
            traces.add(new Overlay.Trace(lo, colour, 0.5f));
            traces.add(new Overlay.Trace(hi, colour, 0.5f));
        }
        int width = s.image().width();
        int[] window = Overlay.window(width, 2400, width / 2);
        return Overlay.draw(s.image(), traces, window[0], window[1], String.format(Locale.ROOT,
                "%s image %s: prediction with its calibrated 95%% band (thin lines); green truth, blue curve 1, orange curve 2",
                m.name(), s.ref()));
    }

    /** Post-hoc EMA: the validation score of every rebuilt length, the chosen one marked. */
    private static void postHocSweep(StringBuilder md, EvaluationReport r) {
        if (r.postHoc() == null) {
            return;
        }
        md.append("\n## Post-hoc EMA: validation score against EMA length\n\nEach sigma_rel rebuilt after training from "
                + "the power-EMA snapshots (Karras et al. 2024) and scored on `" + r.postHoc().data() + "` validation; "
                + "the best is the `post-hoc-ema` model above (picture: post-hoc-ema.png).\n\n| sigma_rel | validation score |\n|---|---|\n");
        for (PostHocChoice.Point p : r.postHoc().sweep()) {
            md.append("| ").append(p.sigmaRel()).append(p.sigmaRel() == r.postHoc().chosen() ? " (chosen)" : "").append(" | ")
                    .append(f(p.score())).append(" |\n");
        }
    }

    /** The AlgoPerf table: the first epoch each model's validation score reached the target, and the training time saved. */
    private static void timeToTarget(StringBuilder md, EvaluationReport r) {
        List<TimeToTarget.Row> rows = TimeToTarget.of(r.history(), r.targetScore());
        if (rows.isEmpty()) {
            return;
        }
        md.append("\n## Time to target (validation split)\n\nThe first epoch whose validation score (mean of the "
                + "curves' median R2) reaches the target: the final raw score, and the configured `eval.target_score` "
                + "when set. Time is training time (validation excluded) up to the end of that epoch; saved is the share "
                + "of the whole run's training time a run stopping there would not spend. Validation is one split of few "
                + "images: a difference of an epoch or two is noise.\n\n");
        md.append("| model | target | first epoch | minutes | saved |\n|---|---|---|---|---|\n");
        for (TimeToTarget.Row row : rows) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s |%n", row.model(), f(row.target()),
                    row.epoch() == 0 ? "not reached" : Integer.toString(row.epoch()), f2(row.minutes()),
                    Double.isNaN(row.saved()) ? "n/a" : String.format(Locale.ROOT, "%.0f%%", 100 * row.saved())));
        }
    }

    /** {@code +0.0123 [+0.0010, +0.0240]}, bold when the interval excludes zero. */
    static String liftCell(double lift, PairedBootstrap.Interval ci) {
        if (ci == null || Double.isNaN(ci.low())) {
            return signed(lift);
        }
        String cell = signed(lift) + " [" + signed(ci.low()) + ", " + signed(ci.high()) + "]";
        return ci.excludesZero() ? "**" + cell + "**" : cell;
    }

    private static void header(StringBuilder md, String first, List<Metric> keys) {
        md.append("| ").append(first);
        for (Metric k : keys) {
            md.append(" | ").append(k.label());
        }
        md.append(" |\n|---");
        md.append("|---".repeat(keys.size()));
        md.append("|\n");
    }

    static String f(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.4f", v);
    }

    static String f2(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.2f", v);
    }

    static String signed(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%+.4f", v);
    }
}
