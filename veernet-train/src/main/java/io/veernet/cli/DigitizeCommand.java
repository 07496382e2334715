package io.veernet.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.veernet.config.VeernetConfig;
import io.veernet.data.io.AtomicFiles;
import io.veernet.data.io.ProcessLock;
import io.veernet.data.las.CsvWriter;
import io.veernet.data.las.LasWriter;
import io.veernet.data.raster.GrayImage;
import io.veernet.data.raster.RasterFormatException;
import io.veernet.data.raster.RasterIO;
import io.veernet.digitize.Calibration;
import io.veernet.digitize.CalibrationFile;
import io.veernet.digitize.Digitizer;
import io.veernet.digitize.Extractors;
import io.veernet.digitize.Orientation;
import io.veernet.eval.Candidate;
import io.veernet.eval.EvaluationException;
import io.veernet.eval.MemorySampler;
import io.veernet.eval.ModelRunner;
import io.veernet.eval.RunModels;
import io.veernet.eval.TrackerChoice;
import io.veernet.train.RunFolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import io.veernet.data.curves.Extractor;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/** {@code veernet digitize}: scans (PNG, JPEG, TIFF) to LAS 2.0, CSV and an overlay picture. */
@Command(name = "digitize", mixinStandardHelpOptions = true,
        description = {"Digitise scanned logs into LAS 2.0 and CSV, with an overlay PNG to check by eye.",
                "A folder is processed file by file: a bad file is reported and skipped; summary.csv lists every input."})
public final class DigitizeCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(DigitizeCommand.class);

    @Option(names = "--run", required = true, paramLabel = "DIR", description = "Trained run folder.")
    Path runDir;

    @Option(names = "--model", defaultValue = "swa", paramLabel = "NAME",
            description = "swa, ema (or ema-DECAY), raw, best, lawa or ensemble (default: ${DEFAULT-VALUE}).")
    String modelName;

    @Option(names = "--extractor", defaultValue = "auto", paramLabel = "auto|centroid|tracked",
            description = "How curves are read off the class probabilities (docs/METRICS.md). auto (the default): tracked "
                    + "when tune-tracker chose its costs on validation logs of the scan's kind (read as they are, or reduced from "
                    + "taller) and it beat centroid there, else centroid.")
    String extractorName;

    @Option(names = "--image", required = true, paramLabel = "FILE|DIR", description = "A scan, or a folder of scans.")
    Path input;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.")
    Path out;

    @Option(names = "--calibration", paramLabel = "FILE",
            description = "Every calibration fact (rotation, depth, tracks and their curves) from a YAML or JSON file "
                    + "(docs/DIGITIZING.md has the schema), instead of the options below. Either way digitize writes the "
                    + "calibration it used beside each LAS as NAME.calibration.yaml.")
    Path calibrationFile;

    @Option(names = "--rotate", paramLabel = "auto|0|90|180|270",
            description = "Quarter turns anticlockwise so depth runs along the width; auto turns tall scans by 90 (default: auto).")
    String rotate;

    @Option(names = "--depth-ref", paramLabel = "PX1=D1,PX2=D2", description = "Depth at two image columns (affine).")
    String depthRef;

    @Option(names = "--depth", paramLabel = "TOP:BOTTOM", description = "Depth at the first and the last column.")
    String depthEnds;

    @Option(names = "--unit", paramLabel = "M|FT", description = "Depth unit (default: M).")
    String unit;

    @Option(names = "--step", paramLabel = "STEP", description = "Output depth step (default: with depth calibrated, the "
            + "nearest round step to the column spacing; else one sample per column).")
    Double step;

    @Option(names = "--track", paramLabel = "TOP:BOTTOM",
            description = "Rows of the track's top and bottom edges (default: the whole height). Give it once per track "
                    + "for a scan with several tracks: every curve lands on one depth index in one LAS.")
    List<String> tracks = new ArrayList<>();

    @Option(names = "--track-cols", paramLabel = "LEFT:RIGHT",
            description = "Instead of --track: a track's left and right edge columns in the scan as given, for an upright "
                    + "log (depth down the page, turned by --rotate 90/270 or auto); once per track.")
    List<String> trackCols = new ArrayList<>();

    @Option(names = "--curve1", paramLabel = "MNEM:UNIT:LEFT:RIGHT[:log]",
            description = "Curve 1's mnemonic, unit and scale, e.g. GR:API:0:150; once per --track, in the same order.")
    List<String> curve1 = new ArrayList<>();

    @Option(names = "--curve2", paramLabel = "MNEM:UNIT:LEFT:RIGHT[:log]",
            description = "Curve 2's, e.g. ILD:OHMM:0.2:2000:log; once per --track, in the same order.")
    List<String> curve2 = new ArrayList<>();

    @Option(names = "--max-sd", defaultValue = "0", paramLabel = "FRACTION",
            description = "With a multi-pass model (swag, ensemble): write NULL where a curve's spread exceeds this "
                    + "fraction of the track height, e.g. 0.05 (default: 0, keep every sample).")
    double maxSd;

    @picocli.CommandLine.Mixin
    ServingOptions serving = new ServingOptions();

    @Option(names = "--workers", defaultValue = "1", paramLabel = "N",
            description = "Scans digitised at once, sharing one loaded model (default: ${DEFAULT-VALUE}); each worker "
                    + "still uses train.threads engine threads, so N x threads should not exceed the cores.")
    int workers;

    @Option(names = "--overwrite", description = "Redo scans whose outputs already exist (by default they are kept, so an interrupted batch resumes).")
    boolean overwrite;

    /** The calibration in force, as the file records it (set first, before anything is read). */
    private CalibrationFile calibration;

    /** The working geometry inputs are brought to (set once the run's config is read). */
    private io.veernet.data.raster.WorkingGeometry geometry;

    /** One line of the summary: what happened and, for a digitised scan, its quality checks. */
    record Outcome(String input, String status, String message, double seconds, double peakMb, ScanQc qc) {
        Outcome(String input, String status, String message, double seconds, double peakMb) {
            this(input, status, message, seconds, peakMb, ScanQc.NONE);
        }
    }

    @Override
    public Integer call() throws Exception {
        calibration = calibration();
        Calibration cal = calibration.toCalibration();
        Extractors extractor = null;
        if (!extractorName.equals("auto")) {
            try {
                extractor = Extractors.same(Extractor.parse(extractorName));
            } catch (IllegalArgumentException e) {
                throw new UserInputException("--extractor: " + e.getMessage() + " (or auto)", e);
            }
        }
        if (workers < 1 || workers > 256) {
            throw new UserInputException("--workers must be between 1 and 256, got " + workers);
        }
        if (!(maxSd >= 0 && maxSd <= 1)) {
            throw new UserInputException("--max-sd must be a fraction of the track height in [0, 1] (0 = off), got " + maxSd);
        }
        VeernetConfig cfg = serving.apply(RunFolder.open(runDir).loadConfig());
        if (extractor == null) {
            extractor = chooseExtractor(RunFolder.open(runDir));
        }
        Engines.configureThreads(cfg.train().threads());
        List<Path> scans = scans(input);
        // The scan is decoded once more for this, so only when there are track rows or columns to check.
        if (scans.size() == 1 && cal.tracks().stream().anyMatch(t -> t.rows() != null)) {
            checkTracksInside(scans.get(0), cal);
        }
        Files.createDirectories(out);
        // One digitize per output folder; it may then remove what a killed one left half-written.
        try (ProcessLock lock = ProcessLock.tryAcquire(out.resolve(".digitize.lock")).orElseThrow(() -> new UserInputException(
                out + ": another veernet digitize is writing there; wait for it or choose another --out"))) {
            removeTemporaries(out);
            List<Outcome> outcomes = new ArrayList<>();
            try (NDManager manager = NDManager.newBaseManager()) {
                RunFolder run = RunFolder.open(runDir);
                Candidate candidate = new RunModels(cfg, run, manager).get(modelName);
                geometry = cfg.workingGeometry();
                if (maxSd > 0 && candidate.members().size() < 2) {
                    throw new UserInputException("--max-sd needs a model with several forward passes (swag, ensemble); '"
                            + modelName + "' has one");
                }
                try (ModelRunner runner = serve(candidate, cfg, run, manager, modelName)) {
                    io.veernet.eval.SpreadChoice spread = candidate.members().size() < 2 ? null
                            : io.veernet.eval.SpreadChoice.of(run, candidate.name()).orElse(null);
                    if (candidate.members().size() > 1) {
                        LOG.info(spread != null ? "{}: _SD curves calibrated as evaluate chose on {} ({})"
                                : "{}: _SD curves are the raw spread across passes{}{} (veernet evaluate --run DIR calibrates them)",
                                candidate.name(), spread != null ? spread.data() : "", spread != null ? spread.curves() : "");
                    }
                    Digitizer digitizer = new Digitizer(runner, hash(candidate), extractor, TrackerChoice.costsFor(run, cfg), maxSd,
                            spread);
                    outcomes.addAll(processAll(digitizer, scans, cal));
                }
            }
            writeSummary(outcomes);
            long failed = outcomes.stream().filter(o -> o.status().equals("failed")).count();
            LOG.info("{} input(s): {} digitised, {} already done, {} failed; summary in {}", outcomes.size(),
                    outcomes.stream().filter(o -> o.status().equals("ok")).count(),
                    outcomes.stream().filter(o -> o.status().equals("skipped")).count(), failed, out.resolve("summary.csv"));
            return failed == 0 ? 0 : (failed == outcomes.size() ? Veernet.BAD_INPUT : Veernet.FAILED);
        }
    }

    /**
     * {@code --extractor auto}: per kind of input, the tracked extractor where validation logs of
     * that kind showed it reading better than the centroid one (issue 14's rule: tracked once it
     * wins), else the centroid. Inputs read as they are follow {@code choices/tracker.json}; inputs
     * reduced to the working geometry follow {@code choices/tracker-reduced.json} when the run has
     * it, as their costs do, else the same choice.
     */
    static Extractors chooseExtractor(RunFolder run) {
        Optional<TrackerChoice> asIs = TrackerChoice.read(run.choice(TrackerChoice.NAME));
        Optional<TrackerChoice> reduced = TrackerChoice.read(run.choice(TrackerChoice.REDUCED));
        Extractor forAsIs = chosen(asIs, TrackerChoice.NAME, "inputs read as they are");
        Extractor forReduced = reduced.isEmpty() ? forAsIs
                : chosen(reduced, TrackerChoice.REDUCED, "inputs reduced to the working geometry");
        return new Extractors(forAsIs, forReduced);
    }

    private static Extractor chosen(Optional<TrackerChoice> choice, String name, String kind) {
        if (choice.isPresent() && choice.get().objective() > choice.get().centroidObjective()) {
            LOG.info("Extractor for {}: tracked (on {} {} its objective {} beat centroid's {}; choices/{}.json)", kind,
                    choice.get().data(), choice.get().split(), String.format(Locale.ROOT, "%.3f", choice.get().objective()),
                    String.format(Locale.ROOT, "%.3f", choice.get().centroidObjective()), name);
            return Extractor.TRACKED;
        }
        LOG.info("Extractor for {}: centroid ({})", kind, choice.isPresent()
                ? "tracked did not beat it on " + choice.get().data() + " " + choice.get().split() + ", choices/" + name + ".json"
                : "the run has no tracker choice; veernet tune-tracker --run DIR makes one");
        return Extractor.CENTROID;
    }

    /** Temporary files an interrupted run left (a complete output is only ever renamed into place). */
    private static void removeTemporaries(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(AtomicFiles::isTemporary).toList()) {
                LOG.info("Removing {}, left by an interrupted digitize", f.getFileName());
                Files.deleteIfExists(f);
            }
        }
    }

    /** {@code candidate} ready to serve as the run trained it: its working geometry and reduction, BatchNorm statistics if needed. */
    static ModelRunner serve(Candidate candidate, VeernetConfig cfg, RunFolder run, NDManager manager, String modelName) {
        return new ModelRunner(candidate, cfg.model(), manager, recalibrationImages(candidate, cfg, run, modelName),
                cfg.eval().recalibrationImages(), cfg.workingGeometry(), cfg.eval().tiling());
    }

    /**
     * Training images for a weight-averaged BatchNorm model's statistics pass (none otherwise); without
     * them the model is refused here, before any model is built, with what to do instead.
     */
    static List<io.veernet.data.dataset.SampleRef> recalibrationImages(Candidate candidate, VeernetConfig cfg, RunFolder run,
                                                                      String modelName) {
        if (!candidate.averaged() || !io.veernet.train.NormStatistics.needed(cfg.model())) {
            return List.of();
        }
        Path own = run.ownData(cfg);
        try {
            return io.veernet.data.dataset.Dataset.open(own).split("train");
        } catch (io.veernet.data.dataset.DatasetException e) {
            throw new EvaluationException("--model " + modelName + ": a weight-averaged BatchNorm model needs a statistics "
                    + "pass over the run's training images, and " + own + " cannot be read (" + e.getMessage()
                    + "); use raw, best or ensemble, or a GroupNorm model");
        }
    }

    /** The calibration as a file's record: read from --calibration, or made from the options; checked before any model loads. */
    private CalibrationFile calibration() {
        if (calibrationFile != null) {
            List<String> given = new ArrayList<>();
            for (var o : List.of(Map.entry("--rotate", rotate != null), Map.entry("--depth-ref", depthRef != null),
                    Map.entry("--depth", depthEnds != null), Map.entry("--unit", unit != null), Map.entry("--step", step != null),
                    Map.entry("--track", !tracks.isEmpty()), Map.entry("--track-cols", !trackCols.isEmpty()),
                    Map.entry("--curve1", !curve1.isEmpty()), Map.entry("--curve2", !curve2.isEmpty()))) {
                if (o.getValue()) {
                    given.add(o.getKey());
                }
            }
            if (!given.isEmpty()) {
                throw new UserInputException("--calibration " + calibrationFile + " holds the whole calibration; "
                        + String.join(", ", given) + " cannot be given beside it (put them in the file)");
            }
            return CalibrationFile.load(calibrationFile);
        }
        try {
            Orientation.check(rotate == null ? "auto" : rotate);
            if (!tracks.isEmpty() && !trackCols.isEmpty()) {
                throw new IllegalArgumentException("give --track (rows) or --track-cols (scan columns), not both");
            }
            List<String> given = trackCols.isEmpty() ? tracks : trackCols;
            int n = Math.max(1, given.size());
            for (var option : List.of(Map.entry("--curve1", curve1), Map.entry("--curve2", curve2))) {
                int count = option.getValue().size();
                if (count != 0 && count != n) {
                    throw new IllegalArgumentException(option.getKey() + " is given " + count + " time(s) for " + n
                            + " track(s); give it once per --track, in the same order");
                }
            }
            List<CalibrationFile.TrackEntry> entries = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                entries.add(CalibrationFile.entry(given.isEmpty() ? null
                                : pair(trackCols.isEmpty() ? "--track" : "--track-cols", given.get(i)), !trackCols.isEmpty(),
                        curve1.isEmpty() ? null : Calibration.CurveScale.parse("--curve1", curve1.get(i)),
                        curve2.isEmpty() ? null : Calibration.CurveScale.parse("--curve2", curve2.get(i))));
            }
            List<CalibrationFile.Reference> references = null;
            if (depthRef != null) {
                references = new ArrayList<>();
                for (double[] r : Calibration.DepthMap.referencePairs(depthRef)) {
                    references.add(new CalibrationFile.Reference(r[0], r[1]));
                }
            }
            List<Double> ends = null;
            if (depthEnds != null) {
                double[] e = Calibration.DepthMap.parseEnds(depthEnds);
                ends = List.of(e[0], e[1]);
            }
            CalibrationFile f = CalibrationFile.of(rotate, unit, step == null ? 0 : step, ends, references, entries);
            f.toCalibration();
            return f;
        } catch (IllegalArgumentException e) {
            throw new UserInputException(e.getMessage(), e);
        }
    }

    /** One scan: every --track must lie inside it (as turned), said before any model loads. */
    private void checkTracksInside(Path scan, Calibration cal) {
        try {
            for (GrayImage page : RasterIO.readPages(scan)) {
                int degrees = Orientation.degrees(calibration.rotate(), page);
                int height = degrees % 180 == 0 ? page.height() : page.width();
                for (Calibration.TrackSpec t : cal.forScan(degrees, page.width()).tracks()) {
                    t.rowsFor(height);
                }
            }
        } catch (RasterFormatException e) {
            // Reported per file, as in a batch, by process().
        } catch (IllegalArgumentException e) {
            throw new UserInputException(scan + ": " + e.getMessage(), e);
        }
    }

    private static double[] pair(String option, String text) {
        String[] p = text.split(":");
        String form = option + " must be " + (option.equals("--track") ? "TOP:BOTTOM rows" : "LEFT:RIGHT columns") + ", got '"
                + text + "'";
        if (p.length != 2) {
            throw new IllegalArgumentException(form);
        }
        try {
            return new double[] {Double.parseDouble(p[0]), Double.parseDouble(p[1])};
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(form);
        }
    }

    static List<Path> scans(Path input) throws IOException {
        if (Files.isRegularFile(input)) {
            return List.of(input);
        }
        if (!Files.isDirectory(input)) {
            throw new UserInputException(input + ": no such file or folder");
        }
        try (Stream<Path> s = Files.list(input)) {
            List<Path> images = s.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).matches(".*\\.(png|jpe?g|tiff?)$"))
                    .sorted().toList();
            List<Path> found = images.stream().filter(p -> !isLabelMask(p)).toList();
            if (found.isEmpty()) {
                throw new UserInputException(input + ": holds no PNG, JPEG or TIFF files");
            }
            if (found.size() < images.size()) {
                LOG.info("{}: skipping {} label mask(s) (ID{} beside ID.png, a dataset folder)", input,
                        images.size() - found.size(), io.veernet.data.dataset.SampleRef.MASK_SUFFIX);
            }
            return found;
        }
    }

    /** A dataset sample's label mask ({@code ID.mask.png} beside {@code ID.png}): labels, not a scan. */
    private static boolean isLabelMask(Path p) {
        String name = p.getFileName().toString();
        String suffix = io.veernet.data.dataset.SampleRef.MASK_SUFFIX;
        return name.endsWith(suffix)
                && Files.isRegularFile(p.resolveSibling(name.substring(0, name.length() - suffix.length()) + ".png"));
    }

    /** Every scan, {@code workers} at a time; the outcomes in the scans' order whatever order they finish in. */
    private List<Outcome> processAll(Digitizer digitizer, List<Path> scans, Calibration cal) throws InterruptedException {
        if (workers == 1 || scans.size() == 1) {
            List<Outcome> outcomes = new ArrayList<>();
            for (Path scan : scans) {
                outcomes.addAll(process(digitizer, scan, cal));
            }
            return outcomes;
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(Math.min(workers, scans.size()));
        try {
            List<java.util.concurrent.Future<List<Outcome>>> futures = new ArrayList<>();
            for (Path scan : scans) {
                futures.add(pool.submit(() -> process(digitizer, scan, cal)));
            }
            List<Outcome> outcomes = new ArrayList<>();
            for (var f : futures) {
                try {
                    outcomes.addAll(f.get());
                } catch (java.util.concurrent.ExecutionException e) {
                    throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
                }
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Digitises every page of one file; a failure is recorded and the batch goes on. */
    private List<Outcome> process(Digitizer digitizer, Path scan, Calibration cal) {
        String stem = scan.getFileName().toString().replaceFirst("\\.[^.]+$", "");
        List<RasterIO.Page> pages;
        try {
            pages = RasterIO.readPagesChecked(scan);
        } catch (RasterFormatException e) {
            LOG.warn("Skipping {}: {}", scan, e.getMessage());
            return List.of(new Outcome(scan.toString(), "failed", e.getMessage(), 0, 0));
        }
        List<Outcome> outcomes = new ArrayList<>();
        for (int p = 0; p < pages.size(); p++) {
            String name = pages.size() == 1 ? stem : stem + "-p" + (p + 1);
            String label = pages.size() == 1 ? scan.toString() : scan + " page " + (p + 1);
            Path las = out.resolve(name + ".las");
            Path csv = out.resolve(name + ".csv");
            Path png = out.resolve(name + ".overlay.png");
            Path used = out.resolve(name + ".calibration.yaml");
            if (!overwrite && Files.exists(las) && Files.exists(csv) && Files.exists(png)) {
                outcomes.add(new Outcome(label, "skipped", "outputs already exist", 0, 0));
                continue;
            }
            long t0 = System.nanoTime();
            try (MemorySampler memory = new MemorySampler()) {
                GrayImage image = pages.get(p).gray();
                if (image.width() >= Digitizer.MIN_SIDE && image.height() >= Digitizer.MIN_SIDE && ScanQc.blank(image)) {
                    String why = "blank page: fewer than 0.1% of the pixels are ink; nothing written";
                    LOG.warn("{}: {}", label, why);
                    outcomes.add(new Outcome(label, "blank", why, (System.nanoTime() - t0) / 1e9, memory.peakMb(),
                            ScanQc.flagged("blank")));
                    continue;
                }
                int degrees = Orientation.degrees(calibration.rotate(), image);
                Digitizer.Result r = digitizer.digitize(Orientation.rotate(image, degrees), cal.forScan(degrees, image.width()),
                        scan.getFileName() + (pages.size() == 1 ? "" : " page " + (p + 1)), degrees);
                // Calibration, overlay and CSV first, LAS last: a scan with its LAS file written is complete.
                AtomicFiles.write(used, true, calibration.turned(degrees).toYaml().getBytes(StandardCharsets.UTF_8));
                RasterIO.writePng(r.overlay(), png);
                new CsvWriter().write(csv, r.las());
                new LasWriter().write(las, r.las());
                double seconds = (System.nanoTime() - t0) / 1e9;
                String note = (degrees != 0 ? "rotated " + degrees + " degrees anticlockwise; " : "")
                        + r.las().rows() + " samples";
                ScanQc qc = ScanQc.of(r, geometry.warning(r.overlayWidth(), r.overlayHeight(), 1) != null,
                        pages.get(p).transparentShare());
                LOG.info("{} -> {} ({}; {} s, peak {} MB; QC {})", label, las, note, String.format(Locale.ROOT, "%.2f", seconds),
                        String.format(Locale.ROOT, "%.0f", memory.peakMb()), qc);
                if (!qc.flag().isEmpty()) {
                    LOG.warn("{}: QC flag '{}' ({})", label, qc.flag(), qc);
                }
                outcomes.add(new Outcome(label, "ok", note, seconds, memory.peakMb(), qc));
            } catch (IllegalArgumentException | IOException e) {
                LOG.warn("Failed {}: {}", label, e.getMessage());
                outcomes.add(new Outcome(label, "failed", e.getMessage(), (System.nanoTime() - t0) / 1e9, 0));
            }
        }
        return outcomes;
    }

    private void writeSummary(List<Outcome> outcomes) throws IOException {
        StringBuilder sb = new StringBuilder("input,status,message,seconds,peak_resident_mb,curve1_coverage,curve2_coverage,"
                + "curve1_spikes,curve2_spikes,crossings,mean_sd,flag\n");
        for (Outcome o : outcomes) {
            sb.append(csv(o.input())).append(',').append(o.status()).append(',').append(csv(o.message())).append(',')
                    .append(String.format(Locale.ROOT, "%.3f,%.0f,%s,%s,%s,%s,%s,%s,%s%n", o.seconds(), o.peakMb(),
                            ScanQc.number(o.qc().coverage1()), ScanQc.number(o.qc().coverage2()), ScanQc.count(o.qc().spikes1()),
                            ScanQc.count(o.qc().spikes2()), ScanQc.count(o.qc().crossings()), ScanQc.number(o.qc().meanSd()),
                            o.qc().flag()));
        }
        AtomicFiles.write(out.resolve("summary.csv"), true, sb.toString().getBytes(StandardCharsets.UTF_8));
        System.out.print(sb);
    }

    private static String csv(String s) {
        return "\"" + s.replace("\"", "\"\"") + "\"";
    }

    /** SHA-256 over every member's weights, by parameter name: which weights made a LAS file. */
    static String hash(Candidate c) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Map<String, NDArray> member : c.members()) {
                for (Map.Entry<String, NDArray> e : new TreeMap<>(member).entrySet()) {
                    sha.update(e.getKey().getBytes(StandardCharsets.UTF_8));
                    sha.update(e.getValue().toByteArray());
                }
            }
            return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
