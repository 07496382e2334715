package io.veernet.cli;

import io.veernet.data.curves.ExtractedCurve;
import io.veernet.data.las.LasEntry;
import io.veernet.data.metrics.Spikes;
import io.veernet.data.raster.GrayImage;
import io.veernet.digitize.Digitizer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The quality checks of one digitised scan, as summary.csv lists them: each curve's coverage (the
 * share of columns where the extractor saw it; the lowest over the tracks of a several-track scan), its spike
 * count (docs/METRICS.md, summed over tracks), the number of times curve 1 and curve 2 change order
 * across the track (crossings, summed over tracks), the mean spread of a multi-pass model's {@code _SD}
 * curves, and a flag: {@code blank}, {@code low-coverage} (a curve seen in under half the columns),
 * {@code out-of-geometry} (the scan was resampled by more than 1.5x), {@code transparent} (over 1%
 * of the pixels were transparent and were composited on white paper), joined by {@code ;}.
 */
record ScanQc(double coverage1, double coverage2, int spikes1, int spikes2, int crossings, double meanSd, String flag) {

    static final ScanQc NONE = new ScanQc(Double.NaN, Double.NaN, -1, -1, -1, Double.NaN, "");

    /** A scan with no curves read (a blank page), flagged. */
    static ScanQc flagged(String flag) {
        return new ScanQc(Double.NaN, Double.NaN, -1, -1, -1, Double.NaN, flag);
    }

    /** A page counts as blank when fewer than 0.1% of its pixels are 40 gray levels darker than its median. */
    static boolean blank(GrayImage image) {
        byte[] px = image.pixels();
        int[] histogram = new int[256];
        for (byte b : px) {
            histogram[b & 0xFF]++;
        }
        int median = 0;
        for (int v = 0, seen = 0; v < 256; v++) {
            seen += histogram[v];
            if (seen * 2 >= px.length) {
                median = v;
                break;
            }
        }
        long ink = 0;
        for (int v = 0; v < Math.max(0, median - 40); v++) {
            ink += histogram[v];
        }
        return ink < 0.001 * px.length;
    }

    /** Pages with more than this share of (partly) transparent pixels are flagged: they were composited on white. */
    static final double TRANSPARENT = 0.01;

    static ScanQc of(Digitizer.Result r, boolean outOfGeometry, double transparentShare) {
        double[] coverage = {Double.NaN, Double.NaN};
        int[] spikes = new int[2];
        int crossings = 0;
        for (int t = 0; t < r.tracks().size(); t++) {
            ExtractedCurve c1 = r.curves().get(2 * t);
            ExtractedCurve c2 = r.curves().get(2 * t + 1);
            spikes[0] += Spikes.count(c1.rows(), observedRows(c1), r.tracks().get(t));
            spikes[1] += Spikes.count(c2.rows(), observedRows(c2), r.tracks().get(t));
            crossings += crossings(c1, c2);
        }
        for (ExtractedCurve c : r.curves()) {
            if (c.classId() >= 1 && c.classId() <= 2) {
                int seen = 0;
                for (boolean o : c.observed()) {
                    seen += o ? 1 : 0;
                }
                double share = c.observed().length == 0 ? 0 : seen / (double) c.observed().length;
                // With several tracks a class's coverage is its worst track's.
                coverage[c.classId() - 1] = Double.isNaN(coverage[c.classId() - 1]) ? share
                        : Math.min(coverage[c.classId() - 1], share);
            }
        }
        double sum = 0;
        int n = 0;
        List<LasEntry> curves = r.las().curves();
        for (int i = 0; i < curves.size(); i++) {
            if (curves.get(i).mnemonic().endsWith("_SD")) {
                for (double v : r.las().column(i)) {
                    if (!Double.isNaN(v)) {
                        sum += v;
                        n++;
                    }
                }
            }
        }
        List<String> flags = new ArrayList<>();
        if (Arrays.stream(coverage).anyMatch(c -> !(c >= 0.5))) {
            flags.add("low-coverage");
        }
        if (outOfGeometry) {
            flags.add("out-of-geometry");
        }
        if (transparentShare > TRANSPARENT) {
            flags.add("transparent");
        }
        return new ScanQc(coverage[0], coverage[1], spikes[0], spikes[1], crossings, n == 0 ? Double.NaN : sum / n,
                String.join(";", flags));
    }

    /** The curve's rows where it was seen, NaN elsewhere: the columns spikes are counted over. */
    private static double[] observedRows(ExtractedCurve c) {
        double[] rows = new double[c.rows().length];
        for (int x = 0; x < rows.length; x++) {
            rows[x] = c.observed()[x] ? c.rows()[x] : Double.NaN;
        }
        return rows;
    }

    /** Times the two curves change order across the track, over the columns where both were seen. */
    static int crossings(ExtractedCurve a, ExtractedCurve b) {
        int count = 0;
        int last = 0;
        for (int x = 0; x < a.rows().length; x++) {
            if (!a.observed()[x] || !b.observed()[x]) {
                continue;
            }
            int sign = (int) Math.signum(a.rows()[x] - b.rows()[x]);
            if (sign != 0) {
                count += last != 0 && sign != last ? 1 : 0;
                last = sign;
            }
        }
        return count;
    }

    static String count(int v) {
        return v < 0 ? "" : String.valueOf(v);
    }

    static String number(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.4f", v);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "coverage curve 1 %s, curve 2 %s; spikes %s / %s; crossings %s%s",
                number(coverage1), number(coverage2), count(spikes1), count(spikes2), count(crossings),
                flag.isEmpty() ? "" : "; flag " + flag);
    }
}
