package io.veernet.cli;

import io.veernet.config.ConfigLoader;
import io.veernet.config.VeernetConfig;
import io.veernet.data.curves.Extractor;
import io.veernet.data.io.AtomicFiles;
import io.veernet.data.io.Json;
import io.veernet.data.metrics.CurveSummary;
import io.veernet.eval.EvaluationReport;
import io.veernet.eval.ModelResult;
import io.veernet.eval.TrackerChoice;
import io.veernet.train.RunFolder;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Quickstart's full-height step ({@code eval.full_height_data}): generates that dataset config's logs,
 * chooses the tracked extractor's costs for reduced inputs on its validation split (once), scores one
 * model on its test split into {@code runDir/full-height/} and appends a short section to report.md.
 * Full-height scans are what digitize reads in practice, and they are reduced before the model sees
 * them: costs chosen on the run's own 64-80-row logs serve them badly (docs/REPRODUCING.md, "Run G").
 */
final class FullHeightScans {

    static final String SECTION = "\n## Full-height scans\n";

    private FullHeightScans() {
    }

    /** The config file {@code eval.full_height_data} names: from the working directory if there, else the project. */
    static Path configFile(VeernetConfig cfg) {
        return QuickstartCommand.inProject(cfg.eval().fullHeightData());
    }

    /** The full-height dataset config the run names, checked, or null when it names none. */
    private static VeernetConfig tallConfig(VeernetConfig cfg) {
        if (cfg.eval().fullHeightData().isEmpty()) {
            return null;
        }
        Path file = configFile(cfg);
        if (!Files.exists(file)) {
            throw new UserInputException("eval.full_height_data: no such dataset config " + file);
        }
        VeernetConfig tall = ConfigLoader.load(file);
        int reduceTo = cfg.workingGeometry().reduceTo();
        if (tall.synth().height().min() <= reduceTo) {
            throw new UserInputException(String.format(Locale.ROOT, "eval.full_height_data: %s draws logs of %d-%d rows, "
                    + "not all taller than the %d rows inputs are reduced to (eval.reduce_to)", file,
                    tall.synth().height().min(), tall.synth().height().max(), reduceTo));
        }
        return tall;
    }

    /** Generates the full-height logs and chooses the reduced-input costs on their validation split (once); 0 when done. */
    static int choose(VeernetConfig cfg, Path runDir, String model) throws Exception {
        VeernetConfig tall = tallConfig(cfg);
        if (tall == null) {
            return 0;
        }
        GenerateCommand generate = new GenerateCommand();
        generate.config = configFile(cfg);
        int code = generate.call();
        if (code != 0 || Files.exists(RunFolder.open(runDir).choice(TrackerChoice.REDUCED))) {
            return code;
        }
        TuneTrackerCommand tune = new TuneTrackerCommand();
        tune.runDir = runDir;
        tune.modelName = model;
        tune.data = Path.of(tall.data().path());
        return tune.call();
    }

    /** Scores {@code model} on the full-height test split into runDir/full-height/ and appends its section; 0 when done. */
    static int score(VeernetConfig cfg, Path runDir, String model) throws Exception {
        VeernetConfig tall = tallConfig(cfg);
        if (tall == null) {
            return 0;
        }
        EvaluateCommand evaluate = new EvaluateCommand();
        evaluate.runDir = runDir;
        evaluate.data = Path.of(tall.data().path());
        evaluate.split = "test";
        evaluate.models = new java.util.ArrayList<>(List.of(model));
        evaluate.out = runDir.resolve("full-height");
        int code = evaluate.call();
        if (code == 0) {
            appendSection(runDir, evaluate.out, model, cfg.workingGeometry().reduceTo());
        }
        return code;
    }

    /** The model's full-height figures, both extractors, appended to report.md (replacing an earlier such section). */
    static void appendSection(Path runDir, Path reportDir, String model, int reducedTo) throws java.io.IOException {
        EvaluationReport r = Json.mapper().readValue(Files.readAllBytes(reportDir.resolve("report.json")), EvaluationReport.class);
        ModelResult m = r.models().stream().filter(x -> x.name().equals(model)).findFirst()
                .orElseThrow(() -> new IllegalStateException(model + " is not in " + reportDir.resolve("report.json")));
        StringBuilder b = new StringBuilder(SECTION).append('\n').append(String.format(Locale.ROOT,
                "%s on split `%s` of `%s`, %d images, each reduced to %d rows for the model; tracked costs for reduced "
                        + "inputs from choices/%s.json (%s).%n%n", model, r.split(), r.dataset(), r.images(), reducedTo,
                TrackerChoice.REDUCED, reportDir.resolve("report.md")));
        b.append("| extractor | curve 1 R2 median | curve 1 R2 p10 | curve 2 R2 median | curve 2 R2 p10 | curve 2 MAE px |\n")
                .append("|---|---|---|---|---|---|\n");
        for (Extractor x : List.of(Extractor.CENTROID, Extractor.TRACKED)) {
            CurveSummary c1 = m.curve(x, 1);
            CurveSummary c2 = m.curve(x, 2);
            b.append(String.format(Locale.ROOT, "| %s | %.4f | %.4f | %.4f | %.4f | %.2f |%n", x.name().toLowerCase(Locale.ROOT),
                    c1.r2().median(), c1.r2().p10(), c2.r2().median(), c2.r2().p10(), c2.maePixels().mean()));
        }
        Path md = runDir.resolve("report.md");
        String base = Files.readString(md, StandardCharsets.UTF_8);
        int old = base.indexOf(SECTION);
        if (old >= 0) {
            int next = base.indexOf("\n## ", old + SECTION.length());
            base = base.substring(0, old) + (next >= 0 ? base.substring(next) : "");
        }
        AtomicFiles.write(md, true, (base + b).getBytes(StandardCharsets.UTF_8));
    }
}
