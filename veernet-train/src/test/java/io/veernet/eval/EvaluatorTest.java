package io.veernet.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import io.veernet.config.VeernetConfig;
import io.veernet.data.dataset.Dataset;
import io.veernet.data.dataset.SampleCache;
import io.veernet.data.io.Json;
import io.veernet.model.averaging.SwaBuffer;
import io.veernet.model.averaging.WeightMaps;
import io.veernet.model.checkpoint.Checkpoint;
import io.veernet.model.checkpoint.CheckpointStore;
import io.veernet.model.checkpoint.Groups;
import io.veernet.model.Predictor;
import io.veernet.train.RunFolder;
import io.veernet.train.SmokeRuns;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EvaluatorTest {

    @TempDir
    static Path tmp;
    static Path runDir;
    static VeernetConfig cfg;

    @BeforeAll
    static void trainASmokeRun() throws Exception {
        cfg = SmokeRuns.config("train: {swag: {enabled: true, rank: 3, every_steps: 2, samples: 3}}");
        runDir = tmp.resolve("run");
        SmokeRuns.train(cfg, runDir);
    }

    private static Evaluator evaluator() throws Exception {
        return new Evaluator(cfg, RunFolder.open(runDir), SmokeRuns.dataset(), "test");
    }

    /** Everything a model result says except its timings and memory. */
    private static void assertSameFigures(ModelResult a, ModelResult b) {
        assertArrayEquals(a.iou(), b.iou());
        assertArrayEquals(a.f1(), b.f1());
        assertEquals(a.extractions().size(), b.extractions().size());
        for (int i = 0; i < a.extractions().size(); i++) {
            ModelResult.Extraction x = a.extractions().get(i);
            ModelResult.Extraction y = b.extractions().get(i);
            assertEquals(x.extractor(), y.extractor());
            assertEquals(x.curves(), y.curves());
            assertArrayEquals(x.swapRate(), y.swapRate());
            assertArrayEquals(x.imageR2(), y.imageR2());
        }
    }

    @Test
    void averagesAndEnsemblesOfIdenticalSnapshotsEqualTheSingleModel() throws Exception {
        Dataset data = SmokeRuns.dataset();
        SampleCache samples = new SampleCache(data.split("test"), Long.MAX_VALUE);
        Evaluator ev = evaluator();
        try (NDManager m = NDManager.newBaseManager()) {
            Checkpoint ckpt = RunFolder.open(runDir).checkpoints().latestValid(m).orElseThrow();
            Map<String, NDArray> w = ckpt.group(Groups.MODEL);
            ModelResult single = ev.score(new Candidate("single", "raw", "", List.of(w), false), samples, m).result();

            ModelResult ensemble = ev.score(new Candidate("e", "ensemble", "", List.of(w, w, w), false), samples, m).result();
            assertSameFigures(single, ensemble);
            assertEquals(3, ensemble.cost().forwardPasses());
            assertEquals(3 * single.cost().parameters(), ensemble.cost().parameters());

            Map<String, NDArray> lawa = WeightMaps.average(List.of(w, w, w), m);
            assertSameFigures(single, ev.score(new Candidate("l", "lawa", "", List.of(lawa), true), samples, m).result());

            try (Predictor p = Predictor.create(cfg.model(), m)) {
                p.load(w);
                try (SwaBuffer swa = new SwaBuffer(p.parameters(), m)) {
                    for (int i = 0; i < 3; i++) {
                        swa.update();
                    }
                    Map<String, NDArray> averaged = WeightMaps.copy(swa.weights(), m);
                    assertSameFigures(single, ev.score(new Candidate("s", "swa", "", List.of(averaged), true), samples, m).result());
                }
            }

            List<Checkpoint> identical = List.of(
                    new Checkpoint(ckpt.file(), 1, 1, Json.mapper().createObjectNode().put("score", 0.5), Map.of(Groups.MODEL, w)),
                    new Checkpoint(ckpt.file(), 2, 2, Json.mapper().createObjectNode().put("score", 0.5), Map.of(Groups.MODEL, w)),
                    new Checkpoint(ckpt.file(), 3, 3, Json.mapper().createObjectNode().put("score", 0.5), Map.of(Groups.MODEL, w)));
            Candidate soup = ev.soup(identical, m).orElseThrow();
            assertSameFigures(single, ev.score(soup, samples, m).result());

            // The same model evaluated twice gives the same numbers.
            assertSameFigures(single, ev.score(new Candidate("again", "raw", "", List.of(w), false), samples, m).result());
        }
    }

    /**
     * A spread calibration is chosen on validation once per set of weights and settings: scoring
     * again reuses the recorded one (here a planted one with a scale no search would choose), and
     * a record made from other weights is replaced by a fresh choice.
     */
    @Test
    void aRecordedSpreadCalibrationIsReusedOnlyForTheSameWeights() throws Exception {
        Dataset data = SmokeRuns.dataset();
        SampleCache samples = new SampleCache(data.split("test"), Long.MAX_VALUE);
        RunFolder run = RunFolder.open(runDir);
        Path record = run.choice(SpreadChoice.name("pair"));
        try (NDManager m = NDManager.newBaseManager()) {
            List<Checkpoint> two = run.checkpoints().newestValid(2, m);
            assertEquals(2, two.size());
            Candidate pair = new Candidate("pair", "ensemble", "", List.of(two.get(0).group(Groups.MODEL),
                    two.get(1).group(Groups.MODEL)), false);
            SpreadCheck.Spread chosen = evaluator().score(pair, samples, m).result().spread();
            SpreadChoice written = SpreadChoice.of(run, "pair").orElseThrow();
            assertEquals(WeightMaps.fingerprint(pair.members()), written.basis().split(" ")[0]);
            assertEquals(chosen.calibrations().get(0).scale(), written.curves().get(0).scale());

            SpreadChoice.Curve planted = new SpreadChoice.Curve(7.5, 0.125);
            new SpreadChoice("pair", written.data(), written.basis(), List.of(planted, planted)).write(record);
            SpreadCheck.Spread reused = evaluator().score(pair, samples, m).result().spread();
            assertEquals(7.5, reused.calibrations().get(0).scale());
            assertEquals(0.125, reused.calibrations().get(1).floor());

            new SpreadChoice("pair", written.data(), "other weights", List.of(planted, planted)).write(record);
            SpreadCheck.Spread fresh = evaluator().score(pair, samples, m).result().spread();
            assertEquals(chosen.calibrations().get(0).scale(), fresh.calibrations().get(0).scale());
            assertEquals(written.basis(), SpreadChoice.of(run, "pair").orElseThrow().basis());
        } finally {
            Files.deleteIfExists(record);
        }
    }

    @Test
    void reportHasEveryModelAndItsPictures() throws Exception {
        Path out = tmp.resolve("report");
        Evaluator.Outcome outcome = evaluator().evaluate("veernet evaluate --run " + runDir);
        Path md = ReportWriter.write(outcome, out);
        String text = Files.readString(md);
        List<String> names = outcome.report().models().stream().map(ModelResult::name).toList();
        assertEquals(List.of("raw", "best", "ema-0.5", "ema-0.9", "swa", "swag", "lawa-3", "soup", "ensemble-3"), names);
        for (String name : names) {
            assertTrue(text.contains("| " + name + " |"), name + " row missing in\n" + text);
        }
        assertTrue(text.contains("GroupNorm") && text.contains("no recalibration is needed"), text);
        assertTrue(text.contains("Share of the ensemble's lift"), text);
        // Every model is read with both extractors, and the extractor's own lift has a table.
        for (String name : names) {
            assertTrue(text.contains("| " + name + " | centroid |") && text.contains("| " + name + " | tracked |"), name);
        }
        assertTrue(text.contains("Lift of the tracked extractor over the centroid"), text);
        JsonNode json = Json.mapper().readTree(out.resolve("report.json").toFile());
        assertEquals(9, json.path("models").size());
        // SWAG and the ensemble, with several passes each, are checked for coverage, raw and calibrated on validation.
        for (String spread : List.of("swag", "ensemble-3")) {
            ModelResult m = outcome.report().model(spread);
            assertNotNull(m.spread(), spread + " has no spread check");
            assertTrue(m.spread().calibratedOn().contains("validation"), m.spread().calibratedOn());
            for (int c = 0; c < 2; c++) {
                var cal = m.spread().calibrated().get(c);
                assertTrue(cal.points() > 50, spread + " curve " + (c + 1) + ": " + cal.points() + " points");
                assertTrue(cal.coverage68() <= cal.coverage95() && cal.coverage95() <= 1 && Double.isFinite(cal.nll()),
                        spread + " " + cal);
            }
            assertTrue(text.contains("| " + spread + " | 1 |") && text.contains("| " + spread + " | 2 |"), text);
        }
        assertEquals(3, outcome.report().model("swag").cost().forwardPasses());
        assertNull(outcome.report().model("swa").spread(), "one pass has no spread");
        assertTrue(text.contains("## Uncertainty"), text);
        assertEquals(2, json.path("models").get(0).path("extractions").size());
        assertEquals(2, json.path("images").asInt());
        for (String png : List.of("validation.png", "r2-distribution.png", "overlay-median.png", "overlay-worst.png",
                "reliability.png", "band.png")) {
            BufferedImage img = ImageIO.read(out.resolve(png).toFile());
            assertNotNull(img, png);
            assertTrue(img.getWidth() >= 300 && img.getHeight() >= 50, png + " is " + img.getWidth() + "x" + img.getHeight());
        }
    }
}
