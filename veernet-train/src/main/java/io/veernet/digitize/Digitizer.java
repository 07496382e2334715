package io.veernet.digitize;

import io.veernet.data.curves.ClassProbabilities;
import io.veernet.data.curves.ExtractedCurve;
import io.veernet.data.curves.Extractor;
import io.veernet.data.dataset.Track;
import io.veernet.data.las.LasEntry;
import io.veernet.data.las.LasFile;
import io.veernet.data.raster.GrayImage;
import io.veernet.eval.ModelRunner;
import io.veernet.eval.SpreadChoice;
import io.veernet.eval.Overlay;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns one scan into curves: class probabilities from the model, per-column curve centres from
 * the chosen extractor (values from its unwrapped rows, so a backup trace reads beyond the scale),
 * then depth and value calibration into a LAS table (the CSV holds the same
 * samples) and an overlay picture. With an ensemble, each curve gets a spread curve: the standard
 * deviation across the members' own extractions.
 */
public final class Digitizer {

    /** Smallest scan side the digitiser accepts, in pixels. */
    public static final int MIN_SIDE = 32;

    private final ModelRunner model;
    private final String weightsHash;
    /** The extractor, by whether a scan is reduced. */
    private final Extractors extractors;
    /** The tracked extractor's costs, by whether a scan is reduced. */
    private final io.veernet.eval.TrackerCosts tracker;
    /** Samples whose spread exceeds this many track heights are written as NULL (0: none are). */
    private final double maxSd;
    /** The multi-pass model's spread calibration per curve, as evaluate chose it; null: the raw spread. */
    private final SpreadChoice spreadChoice;

    /**
     * @param extractors   the extractor per kind of input; {@code tracker} says which kind a scan is
     * @param maxSd        samples whose spread exceeds this many track heights are NULL (0: none are)
     * @param spreadChoice (null for none) calibrates the {@code _SD} curves, the band and {@code maxSd}
     */
    public Digitizer(ModelRunner model, String weightsHash, Extractors extractors, io.veernet.eval.TrackerCosts tracker,
                     double maxSd, SpreadChoice spreadChoice) {
        this.model = model;
        this.weightsHash = weightsHash;
        this.extractors = extractors;
        this.tracker = tracker;
        this.maxSd = maxSd;
        this.spreadChoice = spreadChoice;
    }

    /**
     * The digitised log of one scan: per track, its curve 1 and curve 2 in {@code curves} (in the
     * scan's rows) and its rows in {@code tracks}.
     */
    public record Result(LasFile las, BufferedImage overlay, int rotation, List<ExtractedCurve> curves, List<Track> tracks,
                         int overlayWidth, int overlayHeight) {
    }

    /**
     * Digitises a scan already turned so depth runs along the width: every track of {@code cal} on
     * one depth index. With several tracks each is cut out (its rows plus the margin training logs
     * have around their tracks) and read on its own, as the model was trained on one track per image.
     *
     * @param source   names the input in the header (file name, page)
     * @param rotation the quarter turns applied, recorded in the header
     */
    public Result digitize(GrayImage scan, Calibration cal, String source, int rotation) {
        if (scan.width() < MIN_SIDE || scan.height() < MIN_SIDE) {
            throw new IllegalArgumentException(source + ": the scan is " + scan.width() + " x " + scan.height()
                    + " px, too small to hold a log (at least " + MIN_SIDE + " x " + MIN_SIDE + " px)");
        }
        List<Calibration.TrackSpec> specs = cal.tracks();
        List<TrackRead> reads = new ArrayList<>();
        for (int t = 0; t < specs.size(); t++) {
            reads.add(read(scan, specs.get(t), specs.size() > 1));
        }
        Calibration.DepthMap depth = cal.depthFor(scan.width());
        List<double[]> perColumn = new ArrayList<>();
        List<LasEntry> curveEntries = new ArrayList<>();
        curveEntries.add(depth != null ? LasEntry.curve("DEPT", cal.unit(), "depth")
                : LasEntry.curve("DEPT", "PX", "image column (depth not calibrated)"));
        for (int t = 0; t < reads.size(); t++) {
            TrackRead r = reads.get(t);
            for (ExtractedCurve c : r.curves()) {
                Calibration.CurveScale scale = r.spec().scale(c.classId());
                perColumn.add(r.values().get(c.classId() - 1));
                curveEntries.add(LasEntry.curve(r.spec().mnemonic(c.classId(), t, reads.size()),
                        scale != null ? scale.unit() : "NORM", curveDescription(c.classId(), t, reads.size())
                                + (scale != null ? "" : ", track position 0-1")));
            }
        }
        int members = reads.get(0).spreads().isEmpty() ? 1 : model.members();
        for (int t = 0; t < reads.size() && members > 1; t++) {
            TrackRead r = reads.get(t);
            for (ExtractedCurve c : r.curves()) {
                Calibration.CurveScale scale = r.spec().scale(c.classId());
                perColumn.add(r.spreads().get(c.classId() - 1));
                curveEntries.add(LasEntry.curve(r.spec().mnemonic(c.classId(), t, reads.size()) + "_SD",
                        scale != null ? scale.unit() : "NORM", curveDescription(c.classId(), t, reads.size())
                                + (spreadChoice != null ? " calibrated sd (docs/METRICS.md) of " : " spread (1 sd) across ")
                                + members + " passes of " + model.candidate().name()));
            }
        }
        double[][] columns = sample(perColumn, scan.width(), depth, cal.stepFor(depth));
        LasFile las = new LasFile(well(source), curveEntries, parameters(cal, depth, reads, rotation, members), columns);
        List<Overlay.Trace> traces = new ArrayList<>();
        List<ExtractedCurve> curves = new ArrayList<>();
        List<Track> tracks = new ArrayList<>();
        for (TrackRead r : reads) {
            tracks.add(new Track(r.track().top() + r.cropTop(), r.track().bottom() + r.cropTop()));
            for (ExtractedCurve c : r.curves()) {
                ExtractedCurve onScan = shifted(c, r.cropTop());
                curves.add(onScan);
                double[] shown = onScan.rows().clone();
                int[] range = observedRange(c);
                for (int x = 0; x < shown.length; x++) {
                    if (x < range[0] || x > range[1]) {
                        shown[x] = Double.NaN;
                    }
                }
                java.awt.Color colour = c.classId() == 1 ? new java.awt.Color(30, 90, 230) : new java.awt.Color(240, 120, 0);
                traces.add(new Overlay.Trace(shown, colour, 1.5f));
                if (!r.rowSpreads().isEmpty()) {
                    // The band: thin lines at the 95% interval (calibrated when evaluate chose a calibration, docs/METRICS.md).
                    double[] sd = r.rowSpreads().get(c.classId() - 1);
                    double half = spreadChoice != null ? spreadChoice.curves().get(c.classId() - 1).half(0.95) : 1.96;
                    double[] lo = new double[shown.length];
                    double[] hi = new double[shown.length];
                    for (int x = 0; x < shown.length; x++) {
                        lo[x] = shown[x] - half * sd[x];
                        hi[x] = shown[x] + half * sd[x];
                    }
                    traces.add(new Overlay.Trace(lo, colour, 0.5f));
                    traces.add(new Overlay.Trace(hi, colour, 0.5f));
                }
            }
        }
        String caption = String.format(Locale.ROOT, "%s: %s, %s extractor; blue curve 1, orange curve 2%s", source,
                model.candidate().name(), extractorLabel(reads), members > 1 ? (spreadChoice != null ? "; thin lines: calibrated 95% interval" : "; thin lines +-1.96 sd across the passes") : "");
        return new Result(las, Overlay.draw(scan, traces, 0, scan.width(), caption), rotation, curves, tracks,
                scan.width(), scan.height());
    }

    /** Share of training image height left above and below the track (the generator's 5-12%, rounded). */
    public static final double TRACK_MARGIN = 0.08;

    /**
     * One track read off the scan: its two curves (rows of the image it was read in, which starts at
     * {@code cropTop} of the scan), their values per column and, with several passes, their spreads.
     */
    record TrackRead(Calibration.TrackSpec spec, int cropTop, Track track, Extractor extractor, List<ExtractedCurve> curves,
                     List<double[]> values, List<double[]> spreads, List<double[]> rowSpreads, int windows) {
    }

    /** The extractors the tracks were read with, e.g. {@code tracked}, or {@code tracked+centroid} when they differ. */
    private static String extractorLabel(List<TrackRead> reads) {
        return String.join("+", reads.stream().map(r -> r.extractor().label()).distinct().toList());
    }

    private TrackRead read(GrayImage scan, Calibration.TrackSpec spec, boolean crop) {
        double[] rows = spec.rowsFor(scan.height());
        int cropTop = 0;
        GrayImage part = scan;
        if (crop) {
            double margin = TRACK_MARGIN * (rows[1] - rows[0]);
            cropTop = (int) Math.max(0, Math.floor(rows[0] - margin));
            int cropBottom = (int) Math.min(scan.height() - 1, Math.ceil(rows[1] + margin));
            part = rowsOf(scan, cropTop, cropBottom + 1);
            if (part.height() < MIN_SIDE) {
                throw new IllegalArgumentException("--track " + rows[0] + ":" + rows[1] + " is " + part.height()
                        + " rows with its margins, too few to read (at least " + MIN_SIDE + ")");
            }
        }
        // Curves are extracted at the working geometry and their rows mapped back to the part's
        // pixels (docs/DIGITIZING.md, "Resolution"); for a part inside it this is the plain extraction.
        Track track = new Track(rows[0] - cropTop, rows[1] - cropTop);
        ModelRunner.Working working = model.working(part);
        Track workingTrack = working.track(track, part.height());
        var costs = tracker.forHeight(part.height());
        Extractor extractor = extractors.forInput(tracker.isReduced(part.height()));
        List<ExtractedCurve> curves = working.curvesAtInput(ModelRunner.mean(working.members()), part.width(), part.height(),
                p -> extractor.extract(p, workingTrack, costs));
        List<double[]> values = new ArrayList<>();
        List<double[]> spreads = new ArrayList<>();
        List<double[]> rowSpreads = new ArrayList<>();
        for (ExtractedCurve c : curves) {
            Calibration.CurveScale scale = spec.scale(c.classId());
            double[] value = values(c.unwrappedRows(), observedRange(c), scale, track.top(), track.bottom());
            if (working.members().size() > 1) {
                List<ExtractedCurve> own = passCurves(working, part, c.classId(), workingTrack, extractor);
                double[] positions = spread(own, c, null, track);
                double[] inRows = new double[positions.length];
                for (int x = 0; x < inRows.length; x++) {
                    inRows[x] = positions[x] * track.height();
                }
                if (spreadChoice == null) {
                    spreads.add(spread(own, c, scale, track));
                } else {
                    // Calibrated in the working geometry's pixels (where evaluate chose it), then back.
                    double working2input = (double) part.height() / working.image().height();
                    SpreadChoice.Curve k = spreadChoice.curves().get(c.classId() - 1);
                    double[] sdValues = new double[inRows.length];
                    for (int x = 0; x < inRows.length; x++) {
                        inRows[x] = Double.isNaN(inRows[x]) ? Double.NaN : k.sd(inRows[x] / working2input) * working2input;
                        positions[x] = inRows[x] / track.height();
                        sdValues[x] = Double.isNaN(value[x]) ? Double.NaN
                                : inRows[x] * valuePerRow(c.unwrappedRows()[x], scale, track.top(), track.bottom());
                    }
                    spreads.add(sdValues);
                }
                rowSpreads.add(inRows);
                if (maxSd > 0) {
                    // The limit is in track heights (unit-free, the same for a linear and a log scale).
                    for (int x = 0; x < value.length; x++) {
                        if (!(positions[x] <= maxSd)) {
                            value[x] = Double.NaN;
                        }
                    }
                }
            }
            values.add(value);
        }
        return new TrackRead(spec, cropTop, track, extractor, curves, values, spreads, rowSpreads, model.windows(working.image().width()));
    }

    private static String curveDescription(int classId, int track, int tracks) {
        return (tracks > 1 ? "track " + (track + 1) + " " : "") + "curve " + classId;
    }

    /** Rows {@code [from, to)} of an image. */
    public static GrayImage rowsOf(GrayImage image, int from, int to) {
        byte[] out = java.util.Arrays.copyOfRange(image.pixels(), from * image.width(), to * image.width());
        return new GrayImage(image.width(), to - from, out);
    }

    /** A curve read in rows starting at {@code top} of the scan, in the scan's rows. */
    private static ExtractedCurve shifted(ExtractedCurve c, int top) {
        if (top == 0) {
            return c;
        }
        double[] rows = c.rows().clone();
        double[] unwrapped = c.unwrappedRows().clone();
        for (int x = 0; x < rows.length; x++) {
            rows[x] += top;
            unwrapped[x] += top;
        }
        return new ExtractedCurve(c.classId(), rows, c.observed(), unwrapped);
    }

    /** First and last observed column; a curve never observed gives an empty range. */
    static int[] observedRange(ExtractedCurve c) {
        int first = -1;
        int last = -2;
        boolean[] seen = c.observed();
        for (int x = 0; x < seen.length; x++) {
            if (seen[x]) {
                if (first < 0) {
                    first = x;
                }
                last = x;
            }
        }
        return new int[] {first < 0 ? Integer.MAX_VALUE : first, last};
    }

    /** Row to value per column; NaN outside the observed range (the extractor only held the end values there). */
    private static double[] values(double[] rows, int[] range, Calibration.CurveScale scale, double top, double bottom) {
        double[] out = new double[rows.length];
        for (int x = 0; x < rows.length; x++) {
            out[x] = x < range[0] || x > range[1] ? Double.NaN : value(rows[x], scale, top, bottom);
        }
        return out;
    }

    /** How fast the value changes per row at {@code row} (a log scale's slope grows with the value). */
    static double valuePerRow(double row, Calibration.CurveScale scale, double top, double bottom) {
        return Math.abs(value(row + 0.5, scale, top, bottom) - value(row - 0.5, scale, top, bottom));
    }

    static double value(double row, Calibration.CurveScale scale, double top, double bottom) {
        double position = (bottom - row) / (bottom - top);
        return scale == null ? position : scale.scale().toValue(position);
    }

    /** Each pass's own curve {@code classId}, extracted as the mean's was and mapped to the scan's pixels. */
    private List<ExtractedCurve> passCurves(ModelRunner.Working working, GrayImage scan, int classId, Track workingTrack,
                                            Extractor extractor) {
        List<ExtractedCurve> own = new ArrayList<>();
        for (ClassProbabilities p : working.members()) {
            own.add(working.curvesAtInput(p, scan.width(), scan.height(),
                    q -> extractor.extract(q, workingTrack, tracker.forHeight(scan.height()))).get(classId - 1));
        }
        return own;
    }

    /** Per column, the standard deviation of the passes' own values in {@code scale}'s units (track positions when null). */
    private static double[] spread(List<ExtractedCurve> own, ExtractedCurve mean, Calibration.CurveScale scale, Track track) {
        int w = mean.rows().length;
        List<double[]> values = new ArrayList<>();
        for (ExtractedCurve e : own) {
            values.add(values(e.unwrappedRows(), observedRange(e), scale, track.top(), track.bottom()));
        }
        int[] range = observedRange(mean);
        double[] sd = new double[w];
        for (int x = 0; x < w; x++) {
            double sum = 0;
            double sumSq = 0;
            int n = 0;
            for (double[] v : values) {
                if (!Double.isNaN(v[x])) {
                    sum += v[x];
                    sumSq += v[x] * v[x];
                    n++;
                }
            }
            sd[x] = x < range[0] || x > range[1] || n < 2 ? Double.NaN
                    : Math.sqrt(Math.max(0, (sumSq - sum * sum / n) / (n - 1)));
        }
        return sd;
    }

    /**
     * The LAS table: one row per column (depth = column, or its calibrated depth), or rows every
     * {@code step} in depth with values interpolated linearly between the two nearest columns (NaN
     * when either is missing). Rows run in increasing depth.
     */
    static double[][] sample(List<double[]> perColumn, int width, Calibration.DepthMap depth, double step) {
        int curves = perColumn.size();
        if (depth == null || step == 0) {
            double[][] out = new double[curves + 1][width];
            boolean reversed = depth != null && depth.b() < 0;
            for (int i = 0; i < width; i++) {
                int x = reversed ? width - 1 - i : i;
                out[0][i] = depth == null ? x : depth.at(x);
                for (int k = 0; k < curves; k++) {
                    out[k + 1][i] = perColumn.get(k)[x];
                }
            }
            return out;
        }
        double d0 = Math.min(depth.at(0), depth.at(width - 1));
        double d1 = Math.max(depth.at(0), depth.at(width - 1));
        double first = Math.ceil(d0 / step - 1e-9) * step;
        int n = (int) Math.floor((d1 - first) / step + 1e-9) + 1;
        double[][] out = new double[curves + 1][Math.max(0, n)];
        for (int i = 0; i < n; i++) {
            double d = first + i * step;
            double x = depth.column(d);
            int x0 = (int) Math.floor(x);
            int x1 = Math.min(width - 1, x0 + 1);
            x0 = Math.max(0, Math.min(width - 1, x0));
            double t = Math.max(0, Math.min(1, x - x0));
            out[0][i] = d;
            for (int k = 0; k < curves; k++) {
                double[] v = perColumn.get(k);
                out[k + 1][i] = t == 0 ? v[x0] : v[x0] + (v[x1] - v[x0]) * t;
            }
        }
        return out;
    }

    private static List<LasEntry> well(String source) {
        return List.of(new LasEntry("WELL", "", ascii(source), "WELL NAME (the scan)"),
                new LasEntry("SRVC", "", "veernet digitize", "SERVICE COMPANY"),
                new LasEntry("SRC", "", ascii(source), "SOURCE SCAN"));
    }

    private List<LasEntry> parameters(Calibration cal, Calibration.DepthMap depth, List<TrackRead> reads, int rotation,
                                      int members) {
        List<LasEntry> p = new ArrayList<>();
        p.add(new LasEntry("MODEL", "", model.candidate().name(), ascii(model.candidate().description())));
        p.add(new LasEntry("MEMBERS", "", String.valueOf(members), "FORWARD PASSES PER SCAN"));
        p.add(new LasEntry("WHASH", "", weightsHash, "SHA-256 OF THE WEIGHTS"));
        p.add(new LasEntry("EXTR", "", extractorLabel(reads), "CURVE EXTRACTOR (DOCS/METRICS.MD)"));
        p.add(new LasEntry("DCAL", "", depth == null ? "NONE" : "AFFINE", depth == null
                ? "DEPTH IS THE IMAGE COLUMN IN PIXELS" : ascii(depth.description()).replace(':', ' ')));
        double step = cal.stepFor(depth);
        p.add(new LasEntry("DSTEP", cal.unit(), step > 0 ? String.valueOf(step) : "COLUMN", cal.autoStep(depth)
                ? String.format(Locale.ROOT, "OUTPUT DEPTH STEP (AUTO - NEAREST ROUND STEP TO THE COLUMN SPACING %.6g)",
                Math.abs(depth.b())) : "OUTPUT DEPTH STEP"));
        for (int t = 0; t < reads.size(); t++) {
            TrackRead r = reads.get(t);
            // One track keeps the names it always had; several are numbered.
            String n = reads.size() > 1 ? String.valueOf(t + 1) : "";
            p.add(new LasEntry("TRACK" + n, "PX", String.format(Locale.ROOT, "%.1f-%.1f", r.track().top() + r.cropTop(),
                    r.track().bottom() + r.cropTop()), "TRACK " + (n.isEmpty() ? "" : n + " ") + "TOP-BOTTOM ROWS"));
            p.add(scaleEntry((n.isEmpty() ? "" : "T" + n) + "VCAL1", r.spec().curve1()));
            p.add(scaleEntry((n.isEmpty() ? "" : "T" + n) + "VCAL2", r.spec().curve2()));
        }
        io.veernet.model.Tiling tiling = model.tiling();
        p.add(new LasEntry("TILES", "", String.valueOf(reads.get(0).windows()), tiling.whole() ? "READ WHOLE (NO TILING)"
                : String.format(Locale.ROOT, "WINDOWS OF %d COLUMNS OVERLAPPING BY %d AT THE WORKING HEIGHT (WHOLE UP TO %d)",
                tiling.window(), tiling.overlap(), Math.max(tiling.window(), tiling.wholeUpTo()))));
        p.add(new LasEntry("ROTATE", "DEG", String.valueOf(rotation), "ANTICLOCKWISE TURN APPLIED TO THE SCAN"));
        if (members > 1) {
            p.add(spreadChoice == null
                    ? new LasEntry("SDCAL", "", "RAW", "_SD IS THE RAW SPREAD ACROSS PASSES (RUN EVALUATE TO CALIBRATE)")
                    : new LasEntry("SDCAL", "", "VALIDATION", ascii(String.format(Locale.ROOT,
                    "_SD CALIBRATED ON %s - CURVE 1 %s - CURVE 2 %s", spreadChoice.data(), spreadChoice.curves().get(0),
                    spreadChoice.curves().get(1))).replace('%', ' ')));
            if (spreadChoice != null) {
                p.add(new LasEntry("Z95", "SD", String.format(Locale.ROOT, "%.2f %.2f", spreadChoice.curves().get(0).half(0.95),
                        spreadChoice.curves().get(1).half(0.95)), "95 PERCENT INTERVAL HALF-WIDTH IN _SD - CURVE 1 AND 2"));
            }
        }
        if (maxSd > 0) {
            p.add(new LasEntry("MAXSD", "TRACK", String.valueOf(maxSd),
                    "SAMPLES WHOSE SPREAD EXCEEDS THIS FRACTION OF THE TRACK HEIGHT ARE NULL"));
        }
        return p;
    }

    private static LasEntry scaleEntry(String mnemonic, Calibration.CurveScale s) {
        if (s == null) {
            return new LasEntry(mnemonic, "", "NORM", "NOT CALIBRATED - TRACK POSITION 0 BOTTOM TO 1 TOP");
        }
        return new LasEntry(mnemonic, s.unit(), String.format(Locale.ROOT, "%s %s %s", s.scale().left(), s.scale().right(),
                s.scale().log() ? "LOG" : "LINEAR"), "SCALE LEFT RIGHT");
    }

    /** Printable ASCII only, as LAS requires; anything else becomes '_'. */
    static String ascii(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char ch : s.toCharArray()) {
            b.append(ch >= 32 && ch < 127 && ch != ':' ? ch : '_');
        }
        return b.toString();
    }
}
