package io.veernet.cli;

import ai.djl.ndarray.NDManager;
import io.veernet.config.VeernetConfig;
import io.veernet.data.curves.CurveExtractor;
import io.veernet.data.curves.ExtractedCurve;
import io.veernet.data.curves.Extractor;
import io.veernet.data.dataset.Dataset;
import io.veernet.data.dataset.Track;
import io.veernet.data.las.CsvReader;
import io.veernet.data.las.LasFile;
import io.veernet.data.las.LasReader;
import io.veernet.data.raster.GrayImage;
import io.veernet.data.raster.RasterIO;
import io.veernet.digitize.Calibration;
import io.veernet.digitize.Orientation;
import io.veernet.eval.ModelRunner;
import io.veernet.eval.RunModels;
import io.veernet.train.RunFolder;
import io.veernet.train.SmokeRuns;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code veernet digitize} end to end on a smoke model, and its refusals of bad input. */
class DigitizeCommandTest {

    @TempDir
    static Path tmp;
    static Path runDir;
    static VeernetConfig cfg;
    static Path scan;

    @BeforeAll
    static void trainASmokeRun() throws Exception {
        cfg = SmokeRuns.config("train: {swag: {enabled: true, rank: 3, every_steps: 2, samples: 3}}");
        runDir = tmp.resolve("run");
        Dataset data = SmokeRuns.dataset();
        SmokeRuns.train(cfg, runDir);
        scan = data.split("test").get(0).image();
    }

    static Object[] digitize(String... extra) {
        String[] base = {"digitize", "--run", runDir.toString(), "--model", "swa"};
        String[] args = new String[base.length + extra.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return GenerateCommandTest.run(args);
    }

    @Test
    void csvMatchesTheEvaluatorsExtractionForPngAndTiff() throws Exception {
        Path tiff = tmp.resolve("scan.tif");
        writeTiff(RasterIO.readGray(scan), tiff);
        Path out = tmp.resolve("out");
        Path in = tmp.resolve("in");
        Files.createDirectories(in);
        Files.copy(scan, in.resolve("scan.png"));
        Files.copy(tiff, in.resolve("scan-tiff.tif"));
        Object[] r = digitize("--image", in.toString(), "--out", out.toString());
        assertEquals(0, r[0], (String) r[1]);

        // What the evaluator extracts from the same image with the same model.
        GrayImage image = RasterIO.readGray(scan);
        List<ExtractedCurve> expected;
        try (NDManager m = NDManager.newBaseManager()) {
            RunModels models = new RunModels(cfg, RunFolder.open(runDir), m);
            try (ModelRunner runner = new ModelRunner(models.get("swa"), cfg.model(), m, List.of(), 0)) {
                // The default extractor, over the whole height as the track (no --track given).
                expected = Extractor.DEFAULT.extract(runner.probabilities(image), new Track(0, image.height() - 1),
                        cfg.eval().tracker());
            }
        }
        LasFile csv = CsvReader.read(out.resolve("scan.csv"));
        assertEquals(List.of("DEPT", "CURVE1", "CURVE2"), csv.curves().stream().map(c -> c.mnemonic()).toList());
        assertEquals(image.width(), csv.rows());
        int compared = 0;
        for (ExtractedCurve e : expected) {
            double[] column = csv.column(e.classId());
            for (int x = 0; x < image.width(); x++) {
                if (Double.isNaN(column[x])) {
                    continue;
                }
                double position = (image.height() - 1 - e.unwrappedRows()[x]) / (image.height() - 1);
                assertEquals(position, column[x], 1e-8, "curve " + e.classId() + " column " + x);
                compared++;
            }
        }
        assertTrue(compared > image.width() / 2, "too few samples compared: " + compared);
        // The TIFF copy gives the same samples.
        assertArrayEquals(csv.columns()[1], CsvReader.read(out.resolve("scan-tiff.csv")).columns()[1]);
        // The LAS file holds the same table and reads back.
        LasFile las = LasReader.read(out.resolve("scan.las"));
        assertEquals(csv.rows(), las.rows());
        assertEquals("PX", las.curves().get(0).unit());
        assertTrue(Files.size(out.resolve("scan.overlay.png")) > 0);
        assertTrue(Files.readString(out.resolve("summary.csv")).contains("scan-tiff.tif\",ok"));

        // Two workers sharing the model write the same samples, and the summary keeps the inputs' order.
        Path parallel = tmp.resolve("out-workers");
        r = digitize("--image", in.toString(), "--out", parallel.toString(), "--workers", "2");
        assertEquals(0, r[0], (String) r[1]);
        for (String name : List.of("scan.csv", "scan-tiff.csv")) {
            assertEquals(Files.readString(out.resolve(name)), Files.readString(parallel.resolve(name)), name);
        }
        List<String> lines = Files.readAllLines(parallel.resolve("summary.csv"));
        assertTrue(lines.get(1).contains("scan-tiff.tif") && lines.get(2).contains("scan.png"), lines.toString());
    }

    /**
     * A scan far taller than the 32-48 rows the model trained at (a 48-row log blown up 5 x, 240
     * rows) is resampled to the working geometry and its rows mapped back: digitize succeeds, and
     * at the tall columns over working-column centres its curves, in the tall scan's own pixels,
     * equal the 48-row original's mapped through the resampler within 0.01 working px. (Model
     * quality is not what this pins: the smoke model is weak, so R-squared would be no yardstick.)
     */
    @Test
    void aTallScanIsBroughtToTheWorkingGeometryAndRowsMapBack() throws Exception {
        // The original at the top of the working range (48 rows): a tall input is brought there.
        GrayImage original = RasterIO.readGray(scan);
        int top = cfg.synth().height().max();
        GrayImage small = io.veernet.data.raster.Resampler.resize(original,
                (int) Math.round(original.width() * top / (double) original.height()), top);
        // Odd k: every k-th tall column's centre is exactly a working column's centre.
        int k = 5;
        GrayImage tall = replicate(small, k);
        Path tallFile = tmp.resolve("tall.png");
        RasterIO.writePng(tall, tallFile);
        Path out = tmp.resolve("tall-out");
        Object[] r = digitize("--image", tallFile.toString(), "--out", out.toString());
        assertEquals(0, r[0], (String) r[1]);
        LasFile csv = CsvReader.read(out.resolve("tall.csv"));
        assertEquals(tall.width(), csv.rows());
        int comparedCurves = 0;
        try (NDManager m = NDManager.newBaseManager()) {
            RunModels models = new RunModels(cfg, RunFolder.open(runDir), m);
            try (ModelRunner runner = new ModelRunner(models.get("swa"), cfg.model(), m, List.of(), 0,
                    cfg.synth().workingGeometry())) {
                for (ExtractedCurve e : CurveExtractor.extract(runner.probabilities(small))) {
                    double[] column = csv.column(e.classId());
                    double err = 0;
                    int n = 0;
                    for (int x0 = 0; x0 < small.width(); x0++) {
                        int x = k * x0 + (k - 1) / 2;
                        assertEquals(x0, io.veernet.data.raster.Resampler.toTarget(x, tall.width(), small.width()), 1e-9);
                        if (Double.isNaN(column[x]) || !e.observed()[x0]) {
                            continue;
                        }
                        double want = io.veernet.data.raster.Resampler.toSource(e.rows()[x0], tall.height(), small.height());
                        double got = (tall.height() - 1) * (1 - column[x]);
                        err += Math.abs(got - want);
                        n++;
                    }
                    if (n > small.width() / 3) {
                        comparedCurves++;
                        double workingPx = err / n / k;
                        assertTrue(workingPx <= 0.01, "curve " + e.classId() + ": mean row difference " + workingPx
                                + " working px over " + n + " columns");
                    }
                }
            }
        }
        assertTrue(comparedCurves >= 1, "the smoke model found no curve to compare");
    }

    /**
     * A batch of far-outside inputs warns once per size with the numbers, and the repeats are
     * counted in one closing line rather than repeated (an evaluate split of 60 same-size logs
     * would otherwise print 60 identical warnings).
     */
    @Test
    void aFarOutsideSizeIsWarnedOnceAndItsRepeatsAreCounted() throws Exception {
        GrayImage tall = replicate(RasterIO.readGray(scan), 4);
        GrayImage taller = replicate(RasterIO.readGray(scan), 5);
        var logs = new ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent>();
        logs.start();
        var logger = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(ModelRunner.class);
        logger.addAppender(logs);
        try (NDManager m = NDManager.newBaseManager()) {
            RunModels models = new RunModels(cfg, RunFolder.open(runDir), m);
            try (ModelRunner runner = new ModelRunner(models.get("swa"), cfg.model(), m, List.of(), 0,
                    cfg.synth().workingGeometry())) {
                for (GrayImage g : List.of(tall, tall, taller, tall)) {
                    runner.probabilities(g);
                }
            }
        } finally {
            logger.detachAppender(logs);
        }
        List<String> warnings = logs.list.stream()
                .filter(e -> e.getLevel() == ch.qos.logback.classic.Level.WARN)
                .map(e -> e.getFormattedMessage()).toList();
        assertEquals(3, warnings.size(), String.valueOf(warnings));
        assertTrue(warnings.get(0).contains(tall.width() + " x " + tall.height()), warnings.get(0));
        assertTrue(warnings.get(0).contains("far outside"), warnings.get(0));
        assertTrue(warnings.get(1).contains(taller.width() + " x " + taller.height()), warnings.get(1));
        assertTrue(warnings.get(2).startsWith("2 more input(s)"), warnings.get(2));
    }

    /**
     * {@code --image DIR} on a dataset split reads its scans, not its label masks: {@code ID.mask.png}
     * beside {@code ID.png} is skipped, while a file merely named so, with no image beside it, is a scan.
     */
    @Test
    void aDatasetFoldersLabelMasksAreNotScans() throws Exception {
        Path dir = tmp.resolve("dataset-split");
        Files.createDirectories(dir);
        for (String name : List.of("000000.png", "000000.mask.png", "000000.truth.json", "lone.mask.png", "b.TIF")) {
            Files.writeString(dir.resolve(name), "x");
        }
        assertEquals(List.of(dir.resolve("000000.png"), dir.resolve("b.TIF"), dir.resolve("lone.mask.png")),
                DigitizeCommand.scans(dir));
    }

    /** Each pixel repeated k x k times: area averaging by k gives the original back exactly. */
    private static GrayImage replicate(GrayImage g, int k) {
        byte[] px = new byte[g.width() * k * g.height() * k];
        for (int y = 0; y < g.height() * k; y++) {
            for (int x = 0; x < g.width() * k; x++) {
                px[y * g.width() * k + x] = g.pixels()[(y / k) * g.width() + x / k];
            }
        }
        return new GrayImage(g.width() * k, g.height() * k, px);
    }

    /**
     * {@code --model swag}: three sampled networks; each curve gets a {@code _SD} curve in its own
     * units, documented in ~CURVE, and the file reads back with the project's LAS reader.
     */
    @Test
    void swagWritesASpreadCurvePerCurveInPhysicalUnits() throws Exception {
        Path out = tmp.resolve("swag");
        String[] args = {"digitize", "--run", runDir.toString(), "--model", "swag", "--image", scan.toString(), "--out",
                out.toString(), "--curve1", "GR:API:0:150", "--curve2", "ILD:OHMM:0.2:2000:log"};
        Object[] r = GenerateCommandTest.run(args);
        assertEquals(0, r[0], (String) r[1]);
        LasFile las = LasReader.read(out.resolve("000000.las"));
        assertEquals(List.of("DEPT", "GR", "ILD", "GR_SD", "ILD_SD"), las.curves().stream().map(c -> c.mnemonic()).toList());
        assertEquals("API", las.curves().get(3).unit());
        assertEquals("OHMM", las.curves().get(4).unit());
        int finite = 0;
        for (String sd : List.of("GR_SD", "ILD_SD")) {
            for (double v : las.column(sd)) {
                assertTrue(Double.isNaN(v) || v >= 0, sd + " " + v);
                finite += Double.isNaN(v) ? 0 : 1;
            }
        }
        assertTrue(finite > las.rows(), "too few spread samples: " + finite + " over " + las.rows() + " rows");
        // By hand: the ~Curve section names each spread curve with its unit and says what it is.
        String text = Files.readString(out.resolve("000000.las"));
        String curveSection = text.substring(text.indexOf("~C"), text.indexOf("~", text.indexOf("~C") + 2));
        assertTrue(curveSection.lines().map(String::strip).anyMatch(l -> l.startsWith("GR_SD") && l.contains(".API") && l.contains("3 passes of swag")),
                curveSection);
        assertEquals(las.rows(), CsvReader.read(out.resolve("000000.csv")).rows());

        // --max-sd: samples whose spread is over the limit (track heights) become NULL, the rest stay as they were.
        Path capped = tmp.resolve("swag-capped");
        String[] cappedArgs = java.util.Arrays.copyOf(args, args.length + 2);
        cappedArgs[args.length] = "--max-sd";
        cappedArgs[args.length + 1] = "0.02";
        cappedArgs[8] = capped.toString();
        Object[] rc = GenerateCommandTest.run(cappedArgs);
        assertEquals(0, rc[0], (String) rc[1]);
        LasFile cut = LasReader.read(capped.resolve("000000.las"));
        int nulled = 0;
        int kept = 0;
        for (String curve : List.of("GR", "ILD")) {
            double[] before = las.column(curve);
            double[] after = cut.column(curve);
            for (int i = 0; i < before.length; i++) {
                if (Double.isNaN(after[i])) {
                    nulled += Double.isNaN(before[i]) ? 0 : 1;
                } else {
                    assertEquals(before[i], after[i], 1e-9, curve + " row " + i);
                    kept++;
                }
            }
        }
        assertTrue(nulled > 0 && kept > 0, "nulled " + nulled + ", kept " + kept);
        assertTrue(Files.readString(capped.resolve("000000.las")).contains("MAXSD"), "~PARAMETER states the limit");
        // A one-pass model has no spread to cap.
        String[] onePass = cappedArgs.clone();
        onePass[4] = "swa";
        onePass[8] = tmp.resolve("swa-capped").toString();
        Object[] r1 = GenerateCommandTest.run(onePass);
        assertEquals(2, r1[0]);
        assertTrue(((String) r1[1]).contains("--max-sd needs a model with several forward passes"), (String) r1[1]);
    }

    /**
     * With a spread calibration recorded by evaluate, {@code _SD} is the calibrated sd: scale 2 and no
     * floor doubles curve 1's raw spread; scale 1 and a floor of 0.5 px adds that floor (in curve
     * units) in quadrature to curve 2's. Removing the record gives the raw spread back.
     */
    @Test
    void aRecordedSpreadCalibrationCalibratesTheSdCurves() throws Exception {
        String[] base = {"digitize", "--run", runDir.toString(), "--model", "swag", "--image", scan.toString(), "--curve1",
                "GR:API:0:150", "--curve2", "SP:MV:-80:20"};
        Path rawOut = tmp.resolve("sd-raw");
        Object[] r = GenerateCommandTest.run(concat(base, "--out", rawOut.toString()));
        assertEquals(0, r[0], (String) r[1]);
        Path choice = RunFolder.open(runDir).choice(io.veernet.eval.SpreadChoice.name("swag"));
        new io.veernet.eval.SpreadChoice("swag", "test", null, List.of(new io.veernet.eval.SpreadChoice.Curve(2, 0),
                new io.veernet.eval.SpreadChoice.Curve(1, 0.5))).write(choice);
        Path calOut = tmp.resolve("sd-calibrated");
        try {
            r = GenerateCommandTest.run(concat(base, "--out", calOut.toString()));
        } finally {
            Files.delete(choice);
        }
        assertEquals(0, r[0], (String) r[1]);
        LasFile raw = LasReader.read(rawOut.resolve("000000.las"));
        LasFile cal = LasReader.read(calOut.resolve("000000.las"));
        int height = RasterIO.readGray(scan).height();
        double floor = 0.5 * 100.0 / (height - 1);
        int compared = 0;
        for (int i = 0; i < raw.rows(); i++) {
            double gr = raw.column("GR_SD")[i];
            double sp = raw.column("SP_SD")[i];
            assertEquals(Double.isNaN(gr), Double.isNaN(cal.column("GR_SD")[i]), "row " + i);
            if (!Double.isNaN(gr) && !Double.isNaN(sp)) {
                assertEquals(2 * gr, cal.column("GR_SD")[i], 1e-4 + 1e-6 * gr, "GR_SD row " + i);
                assertEquals(Math.hypot(sp, floor), cal.column("SP_SD")[i], 1e-4 + 1e-6 * sp, "SP_SD row " + i);
                compared++;
            }
        }
        assertTrue(compared > raw.rows() / 2, "compared " + compared);
        assertArrayEquals(raw.column("GR"), cal.column("GR"), 1e-12, "the curves themselves do not change");
        assertTrue(Files.readString(calOut.resolve("000000.las")).contains("SDCAL.") , "~PARAMETER says it is calibrated");
        assertTrue(Files.readString(rawOut.resolve("000000.las")).contains("RAW"), "and says when it is not");
    }

    private static String extractorOf(Object[] result, Path out) throws Exception {
        assertEquals(0, result[0], (String) result[1]);
        return LasReader.read(out.resolve("000000.las")).parameters().stream().filter(e -> e.mnemonic().equals("EXTR"))
                .findFirst().orElseThrow().value();
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** summary.csv carries each scan's QC; a blank page is reported as blank and gets no LAS of NULLs. */
    @Test
    void theSummaryHasQcPerScanAndABlankPageIsReportedNotWritten() throws Exception {
        Path in = tmp.resolve("qc-in");
        Files.createDirectories(in);
        Files.copy(scan, in.resolve("a-scan.png"));
        byte[] white = new byte[400 * 64];
        java.util.Arrays.fill(white, (byte) 240);
        white[5] = 0; // one dark pixel is not a log
        io.veernet.data.raster.RasterIO.writePng(new GrayImage(400, 64, white), in.resolve("b-blank.png"));
        // The same scan saved with transparent paper: digitised, composited on white, and flagged.
        GrayImage gray = RasterIO.readGray(scan);
        BufferedImage rgba = new BufferedImage(gray.width(), gray.height(), BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < gray.height(); y++) {
            for (int x = 0; x < gray.width(); x++) {
                int v = gray.get(x, y);
                rgba.setRGB(x, y, v > 200 ? 0x00000000 : 0xFF000000 | v << 16 | v << 8 | v);
            }
        }
        ImageIO.write(rgba, "png", in.resolve("c-rgba.png").toFile());
        Path out = tmp.resolve("qc-out");
        Object[] r = digitize("--image", in.toString(), "--out", out.toString());
        assertEquals(0, r[0], (String) r[1]);
        List<String> lines = Files.readAllLines(out.resolve("summary.csv"));
        List<String> header = List.of(lines.get(0).split(","));
        assertEquals(List.of("input", "status", "message", "seconds", "peak_resident_mb", "curve1_coverage", "curve2_coverage",
                "curve1_spikes", "curve2_spikes", "crossings", "mean_sd", "flag"), header);
        String ok = lines.stream().filter(l -> l.contains("a-scan.png")).findFirst().orElseThrow();
        String[] f = ok.split(",", -1);
        assertEquals(header.size(), f.length, ok);
        assertEquals("ok", f[1]);
        double c1 = Double.parseDouble(f[header.indexOf("curve1_coverage")]);
        assertTrue(c1 > 0 && c1 <= 1, ok);
        for (String counted : List.of("curve1_spikes", "curve2_spikes", "crossings")) {
            assertTrue(Integer.parseInt(f[header.indexOf(counted)]) >= 0, counted + " in " + ok);
        }
        String transparent = lines.stream().filter(l -> l.contains("c-rgba.png")).findFirst().orElseThrow();
        assertTrue(transparent.contains(",ok,") && transparent.contains("transparent"), transparent);
        assertFalse(ok.contains("transparent"), ok);
        String blank = lines.stream().filter(l -> l.contains("b-blank.png")).findFirst().orElseThrow();
        assertTrue(blank.contains(",blank,") && blank.endsWith(",blank"), blank);
        assertFalse(Files.exists(out.resolve("b-blank.las")), "no LAS for a blank page");
        assertTrue(blank.contains("blank page: fewer than 0.1% of the pixels are ink"), blank);
    }

    @Test
    void calibratedOutputHasDepthsAtTheStepAndPhysicalValues() throws Exception {
        Path out = tmp.resolve("calibrated");
        Object[] r = digitize("--image", scan.toString(), "--out", out.toString(), "--depth", "1000:1010", "--step", "0.5",
                "--unit", "FT", "--curve1", "GR:API:0:150", "--curve2", "ILD:OHMM:0.2:2000:log");
        assertEquals(0, r[0], (String) r[1]);
        LasFile las = LasReader.read(out.resolve("000000.las"));
        assertEquals(21, las.rows());
        assertEquals(1000, las.start(), 1e-9);
        assertEquals(1010, las.stop(), 1e-9);
        assertEquals(0.5, las.step(), 1e-9);
        assertEquals("FT", las.curves().get(0).unit());
        assertEquals(List.of("DEPT", "GR", "ILD"), las.curves().stream().map(c -> c.mnemonic()).toList());
        for (double gr : las.column("GR")) {
            assertTrue(Double.isNaN(gr) || (gr >= -1 && gr <= 151), "GR " + gr);
        }
    }

    @Test
    void aRerunRemovesWhatAKilledRunLeftHalfWritten() throws Exception {
        Path out = tmp.resolve("rerun");
        Files.createDirectories(out);
        // As a digitize killed while writing its overlay would leave it (AtomicFiles' temporary name).
        Path torn = out.resolve(".000000.overlay.png" + io.veernet.data.io.AtomicFiles.TEMP_MARKER + "4aba8e46");
        Files.write(torn, new byte[] {1, 2, 3});
        Object[] r = digitize("--image", scan.toString(), "--out", out.toString());
        assertEquals(0, r[0], (String) r[1]);
        assertFalse(Files.exists(torn), "the torn temporary is removed");
        assertTrue(Files.size(out.resolve("000000.overlay.png")) > 0);
    }

    @Test
    void theTrackedExtractorIsChosenByNameAndRecordedInTheHeader() throws Exception {
        Path out = tmp.resolve("tracked");
        Object[] r = digitize("--image", scan.toString(), "--out", out.toString(), "--extractor", "tracked");
        assertEquals(0, r[0], (String) r[1]);
        LasFile las = LasReader.read(out.resolve("000000.las"));
        assertEquals("tracked", las.parameters().stream().filter(e -> e.mnemonic().equals("EXTR")).findFirst()
                .orElseThrow().value());
        // auto: centroid without a tracker choice, tracked when the choice beat centroid on validation.
        Path choice = RunFolder.open(runDir).choice(io.veernet.eval.TrackerChoice.NAME);
        assertFalse(Files.exists(choice));
        assertEquals("centroid", extractorOf(digitize("--image", scan.toString(), "--out", tmp.resolve("auto-1").toString()),
                tmp.resolve("auto-1")));
        for (double[] objectives : List.of(new double[] {0.9, 0.8}, new double[] {0.7, 0.8})) {
            new io.veernet.eval.TrackerChoice("swa", "test", "validation", cfg.eval().tracker(), 0.5, objectives[0], objectives[1], List.of())
                    .write(choice);
            Path auto = tmp.resolve("auto-" + objectives[0]);
            try {
                assertEquals(objectives[0] > objectives[1] ? "tracked" : "centroid",
                        extractorOf(digitize("--image", scan.toString(), "--out", auto.toString()), auto));
            } finally {
                Files.delete(choice);
            }
        }
        Object[] bad = digitize("--image", scan.toString(), "--out", tmp.resolve("z").toString(), "--extractor", "median");
        assertEquals(Veernet.BAD_INPUT, bad[0]);
        assertTrue(((String) bad[1]).contains("--extractor: unknown extractor 'median'"), (String) bad[1]);
    }

    /**
     * {@code --extractor auto} decides per kind of input: a scan read as it is follows
     * {@code tracker.json}'s verdict, a taller one reduced to the working geometry follows
     * {@code tracker-reduced.json}'s, as the costs do.
     */
    @Test
    void autoChoosesTheExtractorForEachKindOfInputOnItsOwnValidation() throws Exception {
        RunFolder run = RunFolder.open(runDir);
        Path asIs = run.choice(io.veernet.eval.TrackerChoice.NAME);
        Path reduced = run.choice(io.veernet.eval.TrackerChoice.REDUCED);
        Path tall = tmp.resolve("kinds").resolve("tall.png");
        Files.createDirectories(tall.getParent());
        RasterIO.writePng(replicate(RasterIO.readGray(scan), 5), tall);
        try {
            new io.veernet.eval.TrackerChoice("swa", "test", "validation", cfg.eval().tracker(), 0.5, 0.9, 0.8, List.of())
                    .write(asIs);
            new io.veernet.eval.TrackerChoice("swa", "tall", "validation", cfg.eval().tracker(), 0.5, 0.6, 0.7, List.of())
                    .write(reduced);
            assertEquals(new io.veernet.digitize.Extractors(Extractor.TRACKED, Extractor.CENTROID),
                    DigitizeCommand.chooseExtractor(run));
            assertEquals("tracked", extractorOf(digitize("--image", scan.toString(), "--out",
                    tmp.resolve("kinds-short").toString()), tmp.resolve("kinds-short")));
            Object[] r = digitize("--image", tall.toString(), "--out", tmp.resolve("kinds-tall").toString());
            assertEquals(0, r[0], (String) r[1]);
            assertEquals("centroid", LasReader.read(tmp.resolve("kinds-tall").resolve("tall.las")).parameters().stream()
                    .filter(e -> e.mnemonic().equals("EXTR")).findFirst().orElseThrow().value());
            // Without a choice of its own, a reduced input follows tracker.json's.
            Files.delete(reduced);
            assertEquals(io.veernet.digitize.Extractors.same(Extractor.TRACKED), DigitizeCommand.chooseExtractor(run));
        } finally {
            Files.deleteIfExists(asIs);
            Files.deleteIfExists(reduced);
        }
    }

    @Test
    void anUnreadableImageIsReportedAndTheBatchGoesOn() throws Exception {
        Path in = tmp.resolve("mixed");
        Files.createDirectories(in);
        Files.copy(scan, in.resolve("a-good.png"));
        Files.writeString(in.resolve("b-broken.png"), "not an image");
        Path out = tmp.resolve("mixed-out");
        Object[] r = digitize("--image", in.toString(), "--out", out.toString());
        assertEquals(Veernet.FAILED, r[0]);
        String summary = Files.readString(out.resolve("summary.csv"));
        assertTrue(summary.contains("a-good.png\",ok"), summary);
        assertTrue(summary.contains("b-broken.png\",failed") && summary.contains("not a PNG, JPEG or TIFF"), summary);
        assertTrue(Files.exists(out.resolve("a-good.las")));
        assertFalse(Files.exists(out.resolve("b-broken.las")));
        // Running again keeps what is done and retries nothing complete.
        Object[] again = digitize("--image", in.toString(), "--out", out.toString());
        assertTrue(Files.readString(out.resolve("summary.csv")).contains("a-good.png\",skipped"), (String) again[1]);
    }

    @Test
    void anImageFarTooSmallIsRefusedByName() throws Exception {
        Path tiny = tmp.resolve("tiny.png");
        RasterIO.writePng(new GrayImage(20, 10, new byte[200]), tiny);
        Path out = tmp.resolve("tiny-out");
        Object[] r = digitize("--image", tiny.toString(), "--out", out.toString());
        assertEquals(Veernet.BAD_INPUT, r[0]);
        String summary = Files.readString(out.resolve("summary.csv"));
        assertTrue(summary.contains("tiny.png") && summary.contains("too small"), summary);
        assertFalse(Files.exists(out.resolve("tiny.las")));
    }

    @Test
    void badCalibrationIsOneClearError() {
        Object[] r = digitize("--image", scan.toString(), "--out", tmp.resolve("x").toString(), "--depth-ref", "10=500,300=500");
        assertEquals(Veernet.BAD_INPUT, r[0]);
        assertTrue(((String) r[1]).contains("--depth-ref: the two reference depths are equal"), (String) r[1]);
        Object[] r2 = digitize("--image", scan.toString(), "--out", tmp.resolve("y").toString(), "--curve1", "GR:API:0:0");
        assertEquals(Veernet.BAD_INPUT, r2[0]);
        assertTrue(((String) r2[1]).contains("--curve1: the scale's left and right values are equal"), (String) r2[1]);
        assertFalse(Files.exists(tmp.resolve("x")));
    }

    @Test
    void depthCalibrationWithoutAStepChoosesARoundOne() throws Exception {
        int width = RasterIO.readGray(scan).width();
        Path out = tmp.resolve("auto-step");
        // Spacing (1650 - 1500) / (width - 1) is not a short decimal: LAS still gets a constant, short step.
        Object[] r = digitize("--image", scan.toString(), "--out", out.toString(), "--depth", "1500:1650");
        assertEquals(0, r[0], (String) r[1]);
        LasFile las = LasReader.read(out.resolve("000000.las"));
        double expected = Calibration.roundStep(150.0 / (width - 1));
        assertEquals(expected, las.step(), 1e-12);
        assertEquals(1500, las.start(), expected);
        assertEquals(1650, las.stop(), expected);
        assertTrue(Files.readString(out.resolve("000000.las")).contains("AUTO - NEAREST ROUND STEP"));

        // Two reference columns, no step: the same rule, depths extrapolated to the image's first and last columns.
        Path refs = tmp.resolve("auto-step-refs");
        r = digitize("--image", scan.toString(), "--out", refs.toString(), "--depth-ref", "7=1500," + (width - 11) + "=1650");
        assertEquals(0, r[0], (String) r[1]);
        LasFile byRefs = LasReader.read(refs.resolve("000000.las"));
        double spacing = 150.0 / (width - 18);
        double step = Calibration.roundStep(spacing);
        assertEquals(step, byRefs.step(), 1e-12);
        assertEquals(1500 - 7 * spacing, byRefs.start(), step);
        assertEquals(1650 + 10 * spacing, byRefs.stop(), step);
    }

    @Test
    void badOptionsAreRefusedBeforeTheModelLoads() throws Exception {
        for (String[] bad : List.of(new String[] {"--rotate", "45"}, new String[] {"--step", "0.5"},
                new String[] {"--track", "-3:40"}, new String[] {"--reduction", "bicubic"}, new String[] {"--max-sd", "2"},
                new String[] {"--reduce-to", "10"},
                new String[] {"--track", "10:5000"}, new String[] {"--tile", "640"},
                new String[] {"--curve1", "GR:API:0:150", "--track", "1:20", "--track", "22:40"},
                new String[] {"curve mnemonic GR is given twice", "--track", "1:20", "--track", "22:40", "--curve1",
                        "GR:API:0:150", "--curve1", "GR:API:0:150"})) {
            Path out = tmp.resolve("refused-" + bad[0].replaceAll("[^a-z0-9]", ""));
            List<String> args = new java.util.ArrayList<>(List.of("--image", scan.toString(), "--out", out.toString()));
            args.addAll(List.of(bad).subList(bad[0].startsWith("--") ? 0 : 1, bad.length));
            Object[] r = digitize(args.toArray(String[]::new));
            GenerateCommandTest.assertRefused(r, bad[0]);
            assertFalse(Files.exists(out), "nothing written for " + String.join(" ", bad));
        }
        Object[] r = digitize("--image", scan.toString(), "--out", tmp.resolve("track-outside").toString(), "--track", "10:5000");
        GenerateCommandTest.assertRefused(r, "--track 10:5000 reaches below the scan, whose rows are 0-");
    }

    /**
     * Two logs stacked (depth along the width, so tracks lie one above the other): one LAS with four
     * curves on one depth index, each track read from its own cut-out exactly as that cut-out alone
     * is read as a one-track scan.
     */
    @Test
    void twoTracksGiveOneLasWithFourCurvesOnOneDepthIndex() throws Exception {
        Stacked s = stackedScan();
        GrayImage stacked = s.image();
        Path file = s.file();
        Track t1 = s.t1();
        Track t2 = s.t2();
        Path out = tmp.resolve("two-tracks");
        Object[] r = digitize("--image", file.toString(), "--out", out.toString(), "--rotate", "0",
                "--depth", "1000:1100", "--step", "0.5",
                "--track", t1.top() + ":" + t1.bottom(), "--curve1", "GR:API:0:150", "--curve2", "SP:MV:-80:20",
                "--track", t2.top() + ":" + t2.bottom(), "--curve1", "ILD:OHMM:0.2:2000:log", "--curve2", "ILM:OHMM:0.2:2000:log");
        assertEquals(0, r[0], (String) r[1]);
        LasFile las = LasReader.read(out.resolve("two-tracks.las"));
        assertEquals(List.of("DEPT", "GR", "SP", "ILD", "ILM"), las.curves().stream().map(c -> c.mnemonic()).toList());
        assertEquals(201, las.rows());
        assertEquals(1000, las.column(0)[0], 1e-9);
        assertEquals(1100, las.column(0)[200], 1e-9);

        // Track 2 alone: its cut-out (the track and 8% of its height above and below) as a one-track scan.
        double margin = io.veernet.digitize.Digitizer.TRACK_MARGIN * (t2.bottom() - t2.top());
        int cutTop = (int) Math.max(0, Math.floor(t2.top() - margin));
        int cutBottom = (int) Math.min(stacked.height() - 1, Math.ceil(t2.bottom() + margin));
        GrayImage cut = io.veernet.digitize.Digitizer.rowsOf(stacked, cutTop, cutBottom + 1);
        Path cutFile = tmp.resolve("track2.png");
        RasterIO.writePng(cut, cutFile);
        Path alone = tmp.resolve("track2-alone");
        r = digitize("--image", cutFile.toString(), "--out", alone.toString(), "--rotate", "0", "--depth", "1000:1100",
                "--step", "0.5", "--track", (t2.top() - cutTop) + ":" + (t2.bottom() - cutTop),
                "--curve1", "ILD:OHMM:0.2:2000:log", "--curve2", "ILM:OHMM:0.2:2000:log");
        assertEquals(0, r[0], (String) r[1]);
        LasFile single = LasReader.read(alone.resolve("track2.las"));
        assertArrayEquals(single.column(1), las.column(3), 1e-9);
        assertArrayEquals(single.column(2), las.column(4), 1e-9);
        String header = Files.readString(out.resolve("two-tracks.las"));
        assertTrue(header.contains("TRACK2") && header.contains("T2VCAL1"), header);
    }

    /** Two test logs stacked one above the other (depth along the width), written as a PNG, and their tracks' rows. */
    record Stacked(GrayImage image, Path file, Track t1, Track t2) {
    }

    static Stacked stackedScan() throws Exception {
        Dataset data = SmokeRuns.dataset();
        io.veernet.data.dataset.Sample a = Dataset.load(data.split("test").get(0));
        io.veernet.data.dataset.Sample b = Dataset.load(data.split("test").get(1));
        int width = Math.min(a.image().width(), b.image().width());
        GrayImage top = columns(a.image(), width);
        GrayImage bottom = columns(b.image(), width);
        byte[] px = new byte[width * (top.height() + bottom.height())];
        System.arraycopy(top.pixels(), 0, px, 0, top.pixels().length);
        System.arraycopy(bottom.pixels(), 0, px, top.pixels().length, bottom.pixels().length);
        GrayImage stacked = new GrayImage(width, top.height() + bottom.height(), px);
        Path file = tmp.resolve("two-tracks.png");
        RasterIO.writePng(stacked, file);
        return new Stacked(stacked, file, a.truth().track(),
                new Track(b.truth().track().top() + top.height(), b.truth().track().bottom() + top.height()));
    }

    /**
     * The same two tracks three ways: rows of the turned scan, columns of the upright scan
     * ({@code --track-cols} with {@code --rotate 90}) and the calibration file digitize recorded
     * beside the first LAS: the same curves each time. A file beside calibration options is refused.
     */
    @Test
    void trackColumnsOfAnUprightScanAndARecordedCalibrationFileGiveTheSameLas() throws Exception {
        Stacked s = stackedScan();
        Path out = tmp.resolve("cal-rows");
        String[] curves = {"--curve1", "GR:API:0:150", "--curve2", "SP:MV:-80:20", "--curve1", "ILD:OHMM:0.2:2000:log",
                "--curve2", "ILM:OHMM:0.2:2000:log"};
        List<String> byRows = new java.util.ArrayList<>(List.of("--image", s.file().toString(), "--out", out.toString(),
                "--rotate", "0", "--depth", "1000:1100", "--track", s.t1().top() + ":" + s.t1().bottom(), "--track",
                s.t2().top() + ":" + s.t2().bottom()));
        byRows.addAll(List.of(curves));
        Object[] r = digitize(byRows.toArray(String[]::new));
        assertEquals(0, r[0], (String) r[1]);
        LasFile las = LasReader.read(out.resolve("two-tracks.las"));
        Path recorded = out.resolve("two-tracks.calibration.yaml");
        String yaml = Files.readString(recorded);
        assertTrue(yaml.contains("mnemonic: ILD") && yaml.contains("rotate:"), yaml);

        // Upright: turned back clockwise, so the tracks are column ranges; --rotate 90 brings it back.
        GrayImage upright = Orientation.rotate(s.image(), 270);
        Path uprightFile = tmp.resolve("upright.png");
        RasterIO.writePng(upright, uprightFile);
        int w = upright.width();
        Path outCols = tmp.resolve("cal-cols");
        List<String> byCols = new java.util.ArrayList<>(List.of("--image", uprightFile.toString(), "--out", outCols.toString(),
                "--rotate", "90", "--depth", "1000:1100",
                "--track-cols", (w - 1 - s.t1().bottom()) + ":" + (w - 1 - s.t1().top()),
                "--track-cols", (w - 1 - s.t2().bottom()) + ":" + (w - 1 - s.t2().top())));
        byCols.addAll(List.of(curves));
        r = digitize(byCols.toArray(String[]::new));
        assertEquals(0, r[0], (String) r[1]);
        LasFile cols = LasReader.read(outCols.resolve("upright.las"));
        for (int k = 0; k < 5; k++) {
            assertArrayEquals(las.column(k), cols.column(k), 1e-9, "curve " + k);
        }
        assertTrue(Files.readString(outCols.resolve("upright.calibration.yaml")).contains("scan_columns"));

        Path outFile = tmp.resolve("cal-file");
        r = digitize("--image", s.file().toString(), "--out", outFile.toString(), "--calibration", recorded.toString());
        assertEquals(0, r[0], (String) r[1]);
        LasFile fromFile = LasReader.read(outFile.resolve("two-tracks.las"));
        for (int k = 0; k < 5; k++) {
            assertArrayEquals(las.column(k), fromFile.column(k), 1e-9, "curve " + k);
        }
        assertEquals(yaml, Files.readString(outFile.resolve("two-tracks.calibration.yaml")));

        r = digitize("--image", s.file().toString(), "--out", tmp.resolve("cal-both").toString(), "--calibration",
                recorded.toString(), "--depth", "1:2");
        GenerateCommandTest.assertRefused(r, "--depth cannot be given beside it");
        r = digitize("--image", uprightFile.toString(), "--out", tmp.resolve("cal-cols-0").toString(), "--rotate", "0",
                "--track-cols", "1:20");
        GenerateCommandTest.assertRefused(r, "--track-cols 1:20 names columns of an upright scan");
        assertFalse(Files.exists(tmp.resolve("cal-both")) || Files.exists(tmp.resolve("cal-cols-0")));
    }

    /** A calibration file's mistakes name the file and the key, before any model loads. */
    @Test
    void aBadCalibrationFileNamesTheFileAndTheKey() throws Exception {
        for (String[] bad : List.of(
                new String[] {"tracks: [{rows: [1, 20], curve1: {mnemonic: GR, unit: API, left: 0, right: 0}}]",
                        "tracks[0].curve1: the scale's left and right values are equal"},
                new String[] {"depth: {endz: [1, 2]}", "unknown key 'depth.endz'"},
                new String[] {"tracks: [{rows: [1, 20], scan_columns: [3, 9]}]", "rows or scan_columns, not both"},
                new String[] {"version: 2", "version must be 1"},
                new String[] {"rotate: 45", "rotate must be auto, 0, 90, 180 or 270"},
                new String[] {"depth: {step: 0.5}", "--step 0.5 needs a depth calibration"})) {
            Path file = tmp.resolve("bad-calibration.yaml");
            Files.writeString(file, bad[0] + "\n");
            Path out = tmp.resolve("bad-cal-out");
            Object[] r = digitize("--image", scan.toString(), "--out", out.toString(), "--calibration", file.toString());
            GenerateCommandTest.assertRefused(r, bad[1]);
            assertTrue(((String) r[1]).contains(file.toString()), (String) r[1]);
            assertFalse(Files.exists(out));
        }
    }

    private static GrayImage columns(GrayImage g, int width) {
        byte[] px = new byte[width * g.height()];
        for (int y = 0; y < g.height(); y++) {
            System.arraycopy(g.pixels(), y * g.width(), px, y * width, width);
        }
        return new GrayImage(width, g.height(), px);
    }

    static void writeTiff(GrayImage g, Path f) throws Exception {
        BufferedImage img = new BufferedImage(g.width(), g.height(), BufferedImage.TYPE_BYTE_GRAY);
        System.arraycopy(g.pixels(), 0, ((DataBufferByte) img.getRaster().getDataBuffer()).getData(), 0, g.pixels().length);
        ImageWriter writer = ImageIO.getImageWritersByFormatName("tiff").next();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(f.toFile())) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionType("LZW");
            writer.write(null, new IIOImage(img, null, null), param);
        } finally {
            writer.dispose();
        }
    }
}
