package io.veernet.digitize;

import io.veernet.config.ConfigException;
import io.veernet.config.ConfigLoader;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A scan's calibration as a small YAML or JSON file that other tools can write (schema in
 * docs/DIGITIZING.md): the same facts as digitize's calibration options, and what digitize
 * records beside every LAS it writes, so a LAS can always be traced to the numbers that made it.
 *
 * @param version the schema version, {@value #VERSION}
 * @param rotate  auto, 0, 90, 180 or 270 quarter turns anticlockwise
 * @param depth   depth unit, calibration and output step
 * @param tracks  one entry per track, in LAS order; none = the whole height, normalised values
 */
public record CalibrationFile(int version, String rotate, Depth depth, List<TrackEntry> tracks) {

    /** The only schema so far. */
    public static final int VERSION = 1;

    public CalibrationFile {
        if (version != VERSION) {
            throw new IllegalArgumentException("version must be " + VERSION + " (the calibration schema this veernet reads), got "
                    + version);
        }
        rotate = rotate == null ? "auto" : rotate.trim().toLowerCase(Locale.ROOT);
        if (!java.util.Set.of("auto", "0", "90", "180", "270").contains(rotate)) {
            throw new IllegalArgumentException("rotate must be auto, 0, 90, 180 or 270, got " + rotate);
        }
        depth = depth == null ? Depth.NONE : depth;
        tracks = tracks == null ? List.of() : List.copyOf(tracks);
    }

    /**
     * Depth: its unit, at most one of {@code ends} (depth at the first and last column of the turned
     * scan) and {@code references} (depth at two columns), and the output step (0 = automatic).
     */
    public record Depth(String unit, List<Double> ends, List<Reference> references, double step) {

        /** Depth in image columns. */
        public static final Depth NONE = new Depth("M", null, null, 0);

        public Depth {
            unit = unit == null ? "M" : unit.trim().toUpperCase(Locale.ROOT);
            if (ends != null && ends.size() != 2) {
                throw new IllegalArgumentException("ends must be [TOP, BOTTOM], two depths, got " + ends);
            }
            if (references != null && references.size() != 2) {
                throw new IllegalArgumentException("references must be two {column, depth} pairs, got " + references.size());
            }
            ends = ends == null ? null : List.copyOf(ends);
            references = references == null ? null : List.copyOf(references);
        }
    }

    /** The depth at one column of the turned scan. */
    public record Reference(Double column, Double depth) {

        public Reference {
            if (column == null || depth == null) {
                throw new IllegalArgumentException("a reference needs column and depth");
            }
        }
    }

    /**
     * One track: {@code rows} (top and bottom of the turned scan) or {@code scan_columns} (left and
     * right of the scan as given), at most one of them; and its curves' scales (null = normalised).
     */
    public record TrackEntry(List<Double> rows, List<Double> scanColumns, Curve curve1, Curve curve2) {

        public TrackEntry {
            if (rows != null && scanColumns != null) {
                throw new IllegalArgumentException("a track has rows or scan_columns, not both");
            }
            for (List<Double> pair : java.util.Arrays.asList(rows, scanColumns)) {
                if (pair != null && (pair.size() != 2 || pair.stream().anyMatch(java.util.Objects::isNull))) {
                    throw new IllegalArgumentException((pair == rows ? "rows must be [TOP, BOTTOM]" : "scan_columns must be "
                            + "[LEFT, RIGHT]") + ", two numbers, got " + pair);
                }
            }
            rows = rows == null ? null : List.copyOf(rows);
            scanColumns = scanColumns == null ? null : List.copyOf(scanColumns);
        }
    }

    /** A curve's mnemonic, unit and scale (left and right edge values; log for a logarithmic scale). */
    public record Curve(String mnemonic, String unit, Double left, Double right, Boolean log) {

        public Curve {
            if (mnemonic == null || left == null || right == null) {
                throw new IllegalArgumentException("a curve needs mnemonic, left and right (unit and log are optional)");
            }
            unit = unit == null ? "" : unit;
            log = log != null && log;
        }

        static Curve of(Calibration.CurveScale s) {
            return s == null ? null : new Curve(s.mnemonic(), s.unit(), s.scale().left(), s.scale().right(), s.scale().log());
        }

        Calibration.CurveScale scale(String key) {
            return Calibration.CurveScale.of(key, mnemonic, unit, left, right, log);
        }
    }

    /** The defaults a file is laid over: no depth calibration, one whole-height track, auto rotation. */
    public static CalibrationFile defaults() {
        return new CalibrationFile(VERSION, "auto", Depth.NONE, List.of());
    }

    /** Reads a calibration file; every error names the file and the key. */
    public static CalibrationFile load(Path file) {
        CalibrationFile f = ConfigLoader.load(file, CalibrationFile.class, defaults());
        try {
            f.toCalibration();
        } catch (IllegalArgumentException e) {
            throw new ConfigException(file + ": " + e.getMessage(), e);
        }
        return f;
    }

    /** This calibration with the rotation a scan was given (auto resolved), as recorded beside its LAS. */
    public CalibrationFile turned(int degrees) {
        return new CalibrationFile(version, String.valueOf(degrees), depth, tracks);
    }

    /** This calibration as YAML (the schema it is read with). */
    public String toYaml() {
        return "# veernet digitize calibration (docs/DIGITIZING.md, \"Calibration file\")\n" + ConfigLoader.toYaml(this);
    }

    /** The calibration digitize applies; a bad value names its key. */
    public Calibration toCalibration() {
        List<Calibration.TrackSpec> specs = new ArrayList<>();
        for (int i = 0; i < Math.max(1, tracks.size()); i++) {
            if (tracks.isEmpty()) {
                specs.add(new Calibration.TrackSpec(null, null, null));
                break;
            }
            TrackEntry t = tracks.get(i);
            String key = "tracks[" + i + "]";
            List<Double> pair = t.rows() != null ? t.rows() : t.scanColumns();
            specs.add(new Calibration.TrackSpec(pair == null ? null : new double[] {pair.get(0), pair.get(1)},
                    t.curve1() == null ? null : t.curve1().scale(key + ".curve1"),
                    t.curve2() == null ? null : t.curve2().scale(key + ".curve2"), t.scanColumns() != null));
        }
        Calibration.DepthMap references = null;
        if (depth.references() != null) {
            Reference a = depth.references().get(0);
            Reference b = depth.references().get(1);
            references = Calibration.DepthMap.parseReferences(text(a.column()) + "=" + text(a.depth()) + ","
                    + text(b.column()) + "=" + text(b.depth()));
        }
        double[] ends = depth.ends() == null ? null : new double[] {depth.ends().get(0), depth.ends().get(1)};
        return new Calibration(references, ends, depth.unit(), depth.step(), specs);
    }

    /** The file form of calibration options already parsed one by one. */
    public static CalibrationFile of(String rotate, String unit, double step, List<Double> ends, List<Reference> references,
                              List<TrackEntry> tracks) {
        return new CalibrationFile(VERSION, rotate, new Depth(unit, ends, references, step), tracks);
    }

    /** A track entry from its parsed options. */
    public static TrackEntry entry(double[] pair, boolean scanColumns, Calibration.CurveScale curve1, Calibration.CurveScale curve2) {
        List<Double> p = pair == null ? null : List.of(pair[0], pair[1]);
        return new TrackEntry(scanColumns ? null : p, scanColumns ? p : null, Curve.of(curve1), Curve.of(curve2));
    }

    private static String text(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.valueOf(v);
    }
}
