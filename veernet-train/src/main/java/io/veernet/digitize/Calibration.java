package io.veernet.digitize;

import io.veernet.data.dataset.ValueScale;

import java.util.List;
import java.util.Locale;

/**
 * How pixels become physical units: depth per column (affine, from two reference columns or the
 * first and last column), the output depth step, and one or more tracks, each with its rows and
 * its two curves' scales. Without calibration depth is the column in pixels and values are
 * positions across the track (0 at the bottom edge, 1 at the top), and the LAS header says so.
 *
 * @param references depth from two reference columns, or null
 * @param ends       depths at the first and last column, or null
 * @param unit   depth unit, M or FT
 * @param step   output depth step (0 = one sample per column)
 * @param tracks the tracks, as given; a single track without rows is the whole image height
 */
public record Calibration(DepthMap references, double[] ends, String unit, double step, List<TrackSpec> tracks) {

    public Calibration {
        if (references != null && ends != null) {
            throw new IllegalArgumentException("give --depth-ref or --depth, not both");
        }
        if (ends != null && ends[0] == ends[1]) {
            throw new IllegalArgumentException("--depth: top and bottom depths are equal (" + ends[0] + ")");
        }
        if (!java.util.Set.of("M", "FT").contains(unit)) {
            throw new IllegalArgumentException("--unit must be M or FT, got " + unit);
        }
        if (!(step >= 0) || Double.isInfinite(step)) {
            throw new IllegalArgumentException("--step must be a positive depth step, got " + step);
        }
        if (step > 0 && references == null && ends == null) {
            throw new IllegalArgumentException("--step " + step + " needs a depth calibration (--depth TOP:BOTTOM or "
                    + "--depth-ref PX1=D1,PX2=D2); without one depth is the image column");
        }
        if (tracks == null || tracks.isEmpty()) {
            throw new IllegalArgumentException("at least one track is needed");
        }
        tracks = List.copyOf(tracks);
        if (tracks.size() > 1 && tracks.stream().anyMatch(t -> t.rows() == null)) {
            throw new IllegalArgumentException("with several tracks every one needs its rows (--track TOP:BOTTOM)");
        }
        java.util.Set<String> names = new java.util.HashSet<>();
        for (int i = 0; i < tracks.size(); i++) {
            for (int k = 1; k <= 2; k++) {
                String name = tracks.get(i).mnemonic(k, i, tracks.size());
                if (!names.add(name)) {
                    throw new IllegalArgumentException("curve mnemonic " + name + " is given twice; every curve of "
                            + "every track needs its own");
                }
            }
        }
    }

    /** One track: depth calibration, step and a single track's rows and scales (null rows = the whole height). */
    public Calibration(DepthMap references, double[] ends, String unit, double step, double[] track, CurveScale curve1,
                       CurveScale curve2) {
        this(references, ends, unit, step, List.of(new TrackSpec(track, curve1, curve2)));
    }

    /**
     * One track of a scan: its top and bottom rows (null for the whole image height), or, with
     * {@code scanColumns}, its left and right columns in the scan as given (an upright log, depth
     * down the page, mapped to rows once the scan is turned); and the scales of its curve 1 and
     * curve 2 (null for normalised units).
     */
    public record TrackSpec(double[] rows, CurveScale curve1, CurveScale curve2, boolean scanColumns) {

        public TrackSpec {
            String option = scanColumns ? "--track-cols" : "--track";
            String ends = scanColumns ? "LEFT:RIGHT needs RIGHT right of LEFT" : "TOP:BOTTOM needs BOTTOM below TOP";
            if (scanColumns && rows == null) {
                throw new IllegalArgumentException("--track-cols needs LEFT:RIGHT columns");
            }
            if (rows != null && rows[0] < 0) {
                throw new IllegalArgumentException(option + ": the " + (scanColumns ? "left column" : "top row")
                        + " must not be negative, got " + fmt(rows[0]));
            }
            if (rows != null && !(rows[1] > rows[0])) {
                throw new IllegalArgumentException(option + " " + ends + ", got " + fmt(rows[0]) + ":" + fmt(rows[1]));
            }
        }

        /** A track given by its rows of the turned scan. */
        public TrackSpec(double[] rows, CurveScale curve1, CurveScale curve2) {
            this(rows, curve1, curve2, false);
        }

        /**
         * This track in rows of the scan turned anticlockwise by {@code degrees} (the scan as given
         * was {@code scanWidth} wide): a 90-degree turn sends column x to row {@code width - 1 - x},
         * 270 to row x; at 0 or 180 columns are depth, which cannot bound a track.
         */
        public TrackSpec turned(int degrees, int scanWidth) {
            if (!scanColumns) {
                return this;
            }
            if (degrees % 180 == 0) {
                throw new IllegalArgumentException("--track-cols " + fmt(rows[0]) + ":" + fmt(rows[1]) + " names columns of "
                        + "an upright scan (depth down the page), but this scan is turned " + degrees + " degrees, so its "
                        + "columns are depth; use --rotate 90 or 270 (auto turns tall scans), or --track TOP:BOTTOM rows");
            }
            if (rows[1] > scanWidth - 1) {
                throw new IllegalArgumentException("--track-cols " + fmt(rows[0]) + ":" + fmt(rows[1]) + " reaches right of "
                        + "the scan, whose columns are 0-" + (scanWidth - 1));
            }
            double[] r = degrees == 90 ? new double[] {scanWidth - 1 - rows[1], scanWidth - 1 - rows[0]} : rows.clone();
            return new TrackSpec(r, curve1, curve2, false);
        }

        /** Curve {@code classId}'s scale, or null. */
        public CurveScale scale(int classId) {
            return classId == 1 ? curve1 : curve2;
        }

        /**
         * The LAS mnemonic of curve {@code classId} of track {@code index} (0-based) of {@code count}:
         * its scale's, else {@code CURVEk} for a single track and {@code Tn_CURVEk} for several.
         */
        public String mnemonic(int classId, int index, int count) {
            CurveScale s = scale(classId);
            if (s != null) {
                return s.mnemonic();
            }
            return (count > 1 ? "T" + (index + 1) + "_" : "") + "CURVE" + classId;
        }

        /** The track's rows in an image this tall; a track outside the image is an error naming both. */
        public double[] rowsFor(int height) {
            if (scanColumns) {
                throw new IllegalStateException("a --track-cols track is in rows only once turned (turned())");
            }
            if (rows == null) {
                return new double[] {0, height - 1};
            }
            if (rows[1] > height - 1) {
                throw new IllegalArgumentException("--track " + fmt(rows[0]) + ":" + fmt(rows[1]) + " reaches below the scan, "
                        + "whose rows are 0-" + (height - 1));
            }
            return rows;
        }
    }

    /** This calibration for a scan {@code scanWidth} wide as given and turned by {@code degrees}: every track in rows. */
    public Calibration forScan(int degrees, int scanWidth) {
        return new Calibration(references, ends, unit, step, tracks.stream().map(t -> t.turned(degrees, scanWidth)).toList());
    }

    /** No calibration at all: pixels and normalised track units. */
    public static Calibration none() {
        return new Calibration(null, null, "M", 0, null, null, null);
    }

    /**
     * The output depth step for this depth map: the one asked for, else (depth calibrated) the
     * nearest round step to the column spacing, since LAS needs a constant step written in few digits
     * (0.04993 per column gives 0.05); 0 (one row per column) when depth is not calibrated.
     */
    public double stepFor(DepthMap depth) {
        if (step > 0 || depth == null) {
            return step;
        }
        return roundStep(Math.abs(depth.b()));
    }

    /** Whether {@link #stepFor} chose the step itself. */
    public boolean autoStep(DepthMap depth) {
        return step == 0 && depth != null;
    }

    /** The value of the form 1, 2, 2.5 or 5 times a power of ten nearest to {@code spacing} (by ratio). */
    public static double roundStep(double spacing) {
        double decade = StrictMath.pow(10, StrictMath.floor(StrictMath.log10(spacing)));
        double best = decade;
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            double candidate = m * decade;
            if (Math.abs(StrictMath.log(candidate / spacing)) < Math.abs(StrictMath.log(best / spacing))) {
                best = candidate;
            }
        }
        // Round away the binary noise of m * 10^k so the LAS text is short (0.05, not 0.05000000000000001).
        return new java.math.BigDecimal(best).round(new java.math.MathContext(3)).doubleValue();
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }

    /** The depth of each column of an image this wide, or null when depth is not calibrated. */
    public DepthMap depthFor(int width) {
        if (references != null) {
            return references;
        }
        if (ends != null) {
            return new DepthMap(ends[0], (ends[1] - ends[0]) / Math.max(1, width - 1),
                    "depth " + ends[0] + " to " + ends[1] + " over the image width");
        }
        return null;
    }

    /** Depth as an affine function of the column: {@code depth = a + b * column}. */
    public record DepthMap(double a, double b, String description) {

        public double at(double column) {
            return a + b * column;
        }

        public double column(double depth) {
            return (depth - a) / b;
        }

        /** From two reference columns, {@code PX1=D1,PX2=D2}. */
        public static DepthMap parseReferences(String text) {
            double[][] r = referencePairs(text);
            double[] px = {r[0][0], r[1][0]};
            double[] d = {r[0][1], r[1][1]};
            if (px[0] == px[1]) {
                throw new IllegalArgumentException("--depth-ref: the two reference columns are the same (" + px[0] + ")");
            }
            if (d[0] == d[1]) {
                throw new IllegalArgumentException("--depth-ref: the two reference depths are equal (" + d[0]
                        + "), so depth cannot be calibrated");
            }
            double b = (d[1] - d[0]) / (px[1] - px[0]);
            return new DepthMap(d[0] - b * px[0], b, "depth from reference columns " + text);
        }

        /** The two {column, depth} pairs of {@code PX1=D1,PX2=D2}. */
        public static double[][] referencePairs(String text) {
            String[] pairs = text.split(",");
            if (pairs.length != 2) {
                throw new IllegalArgumentException("--depth-ref must be PX1=D1,PX2=D2, got '" + text + "'");
            }
            double[][] out = new double[2][];
            for (int i = 0; i < 2; i++) {
                String[] kv = pairs[i].split("=");
                if (kv.length != 2) {
                    throw new IllegalArgumentException("--depth-ref must be PX1=D1,PX2=D2, got '" + text + "'");
                }
                out[i] = new double[] {number("--depth-ref", kv[0]), number("--depth-ref", kv[1])};
            }
            return out;
        }

        /** The two depths of {@code TOP:BOTTOM}. */
        public static double[] parseEnds(String text) {
            String[] parts = text.split(":");
            if (parts.length != 2) {
                throw new IllegalArgumentException("--depth must be TOP:BOTTOM, got '" + text + "'");
            }
            return new double[] {number("--depth", parts[0]), number("--depth", parts[1])};
        }
    }

    /** A curve's identity and scale, from {@code MNEM:UNIT:LEFT:RIGHT[:log]}. */
    public record CurveScale(String mnemonic, String unit, ValueScale scale) {

        public static CurveScale parse(String option, String text) {
            String[] p = text.split(":");
            if (p.length != 4 && p.length != 5) {
                throw new IllegalArgumentException(option + " must be MNEM:UNIT:LEFT:RIGHT[:log], got '" + text + "'");
            }
            boolean log = p.length == 5;
            if (log && !p[4].equalsIgnoreCase("log")) {
                throw new IllegalArgumentException(option + ": the fifth field may only be 'log', got '" + p[4] + "'");
            }
            return of(option, p[0], p[1], number(option, p[2]), number(option, p[3]), log);
        }

        /** A checked scale; {@code option} (an option or a file's key) names it in errors. */
        public static CurveScale of(String option, String mnemonic, String unit, double left, double right, boolean log) {
            if (mnemonic == null || !mnemonic.matches("[A-Za-z][A-Za-z0-9_]*")) {
                throw new IllegalArgumentException(option + ": mnemonic '" + mnemonic + "' must be letters, digits and _");
            }
            if (unit == null || unit.contains(":") || unit.contains(" ")) {
                throw new IllegalArgumentException(option + ": unit '" + unit + "' must be one word without ':'");
            }
            if (left == right) {
                throw new IllegalArgumentException(option + ": the scale's left and right values are equal (" + left + ")");
            }
            try {
                return new CurveScale(mnemonic.toUpperCase(Locale.ROOT), unit.toUpperCase(Locale.ROOT), new ValueScale(left, right, log));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(option + ": " + e.getMessage());
            }
        }
    }

    static double number(String option, String text) {
        try {
            double v = Double.parseDouble(text.trim());
            if (!Double.isFinite(v)) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + ": '" + text + "' is not a number");
        }
    }
}
