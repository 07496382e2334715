package io.veernet.cli;

import io.veernet.data.curves.ExtractedCurve;
import io.veernet.data.las.LasEntry;
import io.veernet.data.raster.GrayImage;
import io.veernet.digitize.Digitizer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The quality checks of one digitised scan, as summary.csv lists them: each curve's coverage (the
 * share of columns where the extractor saw it; the lowest over the tracks of a several-track scan), the mean spread of a multi-pass model's {@code _SD}
 * curves, and a flag: {@code blank}, {@code low-coverage} (a curve seen in under half the columns),
 * {@code out-of-geometry} (the scan was resampled by more than 1.5x), joined by {@code ;}.
 */
record ScanQc(double coverage1, double coverage2, double meanSd, String flag) {

    static final ScanQc NONE = new ScanQc(Double.NaN, Double.NaN, Double.NaN, "");

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

    static ScanQc of(Digitizer.Result r, boolean outOfGeometry) {
        double[] coverage = {Double.NaN, Double.NaN};
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
        return new ScanQc(coverage[0], coverage[1], n == 0 ? Double.NaN : sum / n, String.join(";", flags));
    }

    static String number(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.4f", v);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "curve 1 %s, curve 2 %s%s", number(coverage1), number(coverage2),
                flag.isEmpty() ? "" : ", flag " + flag);
    }
}
