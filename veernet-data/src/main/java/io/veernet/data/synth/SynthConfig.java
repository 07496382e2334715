package io.veernet.data.synth;

import java.util.List;
import java.util.Set;

/**
 * Every knob of the synthetic well-log generator. Defaults are sensible for any scale; sizes
 * come from the preset configs.
 *
 * @param width   image width range in pixels (depth axis)
 * @param height  image height range in pixels (value axis)
 * @param realism one level, 0 (clean) to 1 (rough), that scales every scan defect not set on its own
 * @param depth   the physical depth axis drawn on the log
 * @param curves  the curve processes and how they are drawn
 * @param grid    the depth and value grid
 * @param text    depth numbers and header labels
 * @param defects scan defects, each an amount in [0, 1] or null to follow {@code realism}
 * @param profile the style profile: {@code classic} uses the settings above as they are; {@code randomised}
 *                and {@code heldout} draw every appearance factor per log from their ranges
 *                (docs/DATASET.md) and use only sizes, depth, curve processes, major_every and text switches from here
 * @param classicShare with the {@code randomised} profile, the share of logs drawn in the {@code classic} look
 *                instead (0, the default, for none); other profiles ignore it
 */
public record SynthConfig(Range width, Range height, double realism, Depth depth, Curves curves,
                          Grid grid, Text text, Defects defects, StyleProfile profile, double classicShare) {

    public SynthConfig {
        Checks.positive("width", width);
        Checks.positive("height", height);
        if (width.min() < 32) {
            throw new IllegalArgumentException("width.min must be at least 32, got " + width.min());
        }
        if (height.min() < 32) {
            throw new IllegalArgumentException("height.min must be at least 32, got " + height.min());
        }
        Checks.unit("realism", realism);
        if (profile == null) {
            throw new IllegalArgumentException("profile must be one of " + StyleProfile.names());
        }
        Checks.unit("classic_share", classicShare);
    }

    public static SynthConfig defaults() {
        return new SynthConfig(new Range(512, 1024), new Range(64, 96), 0.5, Depth.defaults(),
                Curves.defaults(), Grid.defaults(), Text.defaults(), Defects.defaults(), StyleProfile.CLASSIC, 0);
    }

    public SynthConfig withSize(Range width, Range height) {
        return new SynthConfig(width, height, realism, depth, curves, grid, text, defects, profile, classicShare);
    }

    public SynthConfig withRealism(double realism) {
        return new SynthConfig(width, height, realism, depth, curves, grid, text, defects, profile, classicShare);
    }

    public SynthConfig withProfile(StyleProfile profile) {
        return new SynthConfig(width, height, realism, depth, curves, grid, text, defects, profile, classicShare);
    }

    public SynthConfig withClassicShare(double classicShare) {
        return new SynthConfig(width, height, realism, depth, curves, grid, text, defects, profile, classicShare);
    }

    /** The heights a model trained on these logs knows: inputs are resampled into them (docs/DIGITIZING.md). */
    public io.veernet.data.raster.WorkingGeometry workingGeometry() {
        return new io.veernet.data.raster.WorkingGeometry(height.min(), height.max());
    }

    /** An inclusive integer range. */
    public record Range(int min, int max) {
        public Range {
            if (min > max) {
                throw new IllegalArgumentException("min (" + min + ") must not exceed max (" + max + ")");
            }
        }
    }

    /** The depth axis: unit and depth per column; the start depth is drawn per log. */
    public record Depth(String unit, double step, double minStart, double maxStart) {
        public Depth {
            if (!Set.of("M", "FT").contains(unit)) {
                throw new IllegalArgumentException("unit must be M or FT, got " + unit);
            }
            if (!(step > 0)) {
                throw new IllegalArgumentException("step must be positive, got " + step);
            }
            if (minStart > maxStart) {
                throw new IllegalArgumentException("min_start must not exceed max_start");
            }
        }

        public static Depth defaults() {
            return new Depth("M", 0.05, 300, 3000);
        }
    }

    /**
     * The two curves.
     *
     * @param kinds             processes to draw curves from: blocky, spiky, smooth
     * @param strokeWidth       curve 1's stroke width at 640 rows (scaled with the square root of the height);
     *                          curve 2 is 0.5-0.75 of it
     * @param minStrokeWidth    curve 1's narrowest stroke on small images (curve 2's is 0.77 of it), in pixels
     * @param noise             small-scale noise as a fraction of the track height
     * @param wrapProbability   chance that a linear curve leaving the track wraps as a backup trace
     * @param absentProbability chance that a curve starts late or ends early (NaN truth there)
     * @param breaksPer1000     stroke breaks per 1,000 columns
     * @param curve2Patterns    dash patterns curve 2 is drawn with: dashed, dotted, long_short
     */
    public record Curves(List<String> kinds, double strokeWidth, double minStrokeWidth, double noise, double wrapProbability,
                         double absentProbability, double breaksPer1000, List<String> curve2Patterns) {
        public Curves {
            kinds = List.copyOf(kinds);
            curve2Patterns = List.copyOf(curve2Patterns);
            if (kinds.isEmpty()) {
                throw new IllegalArgumentException("kinds must name at least one of " + CurveKind.names());
            }
            for (String k : kinds) {
                CurveKind.parse(k);
            }
            if (curve2Patterns.isEmpty()) {
                throw new IllegalArgumentException("curve2_patterns must name at least one of " + DashPattern.names());
            }
            for (String p : curve2Patterns) {
                DashPattern.parse(p);
            }
            if (!(strokeWidth >= 1 && strokeWidth <= 6)) {
                throw new IllegalArgumentException("stroke_width must be between 1 and 6 px, got " + strokeWidth);
            }
            if (!(minStrokeWidth >= 1 && minStrokeWidth <= strokeWidth)) {
                throw new IllegalArgumentException("min_stroke_width must be between 1 px and stroke_width ("
                        + strokeWidth + "), got " + minStrokeWidth);
            }
            Checks.unit("noise", noise);
            Checks.unit("wrap_probability", wrapProbability);
            Checks.unit("absent_probability", absentProbability);
            if (!(breaksPer1000 >= 0 && breaksPer1000 <= 20)) {
                throw new IllegalArgumentException("breaks_per1000 must be between 0 and 20, got " + breaksPer1000);
            }
        }

        public static Curves defaults() {
            return new Curves(List.of("blocky", "spiky", "smooth"), 2.4, 1.3, 0.01, 0.25, 0.2, 0.6,
                    List.of("dashed", "dotted", "long_short"));
        }
    }

    /**
     * The grid.
     *
     * @param minorSpacing    depth-line spacing in pixels at 640 rows (scaled with height)
     * @param majorEvery      every n-th depth line is a heavier major line
     * @param valueDivisions  value lines across a linear track
     * @param jitter          grid-line position jitter in pixels
     */
    public record Grid(double minorSpacing, int majorEvery, int valueDivisions, double jitter) {
        public Grid {
            if (!(minorSpacing >= 4)) {
                throw new IllegalArgumentException("minor_spacing must be at least 4 px, got " + minorSpacing);
            }
            if (majorEvery < 1) {
                throw new IllegalArgumentException("major_every must be at least 1, got " + majorEvery);
            }
            if (valueDivisions < 1 || valueDivisions > 50) {
                throw new IllegalArgumentException("value_divisions must be between 1 and 50, got " + valueDivisions);
            }
            if (!(jitter >= 0 && jitter <= 3)) {
                throw new IllegalArgumentException("jitter must be between 0 and 3 px, got " + jitter);
            }
        }

        public static Grid defaults() {
            return new Grid(26, 5, 10, 0.4);
        }
    }

    /**
     * Printed text, all background class.
     *
     * @param depthNumbers  depth numbers at major lines, in the margin
     * @param headerLabels  curve names and scales near the start of the log
     * @param inTrackNumbers chance that depth numbers are also printed inside the track
     */
    public record Text(boolean depthNumbers, boolean headerLabels, double inTrackNumbers) {
        public Text {
            Checks.unit("in_track_numbers", inTrackNumbers);
        }

        public static Text defaults() {
            return new Text(true, true, 0.3);
        }
    }

    /**
     * Scan defects: each an amount in [0, 1] (1 = the strongest the generator draws), or null to
     * use the realism level.
     *
     * @param skew     depth lines lean by up to 2 degrees, and the value axis wanders slowly (feed drift)
     * @param blur     ink bleed: strokes spread into their neighbours
     * @param grain    paper and scanner grain (per-pixel noise)
     * @param speckle  isolated dark specks
     * @param gradient brightness and contrast gradients across the sheet
     * @param stains   stains and ink blobs
     * @param fade     faded stretches where the ink is lighter
     * @param fold     a fold line across the value axis
     */
    public record Defects(Double skew, Double blur, Double grain, Double speckle, Double gradient,
                          Double stains, Double fade, Double fold) {
        public Defects {
            Checks.unitOrNull("skew", skew);
            Checks.unitOrNull("blur", blur);
            Checks.unitOrNull("grain", grain);
            Checks.unitOrNull("speckle", speckle);
            Checks.unitOrNull("gradient", gradient);
            Checks.unitOrNull("stains", stains);
            Checks.unitOrNull("fade", fade);
            Checks.unitOrNull("fold", fold);
        }

        public static Defects defaults() {
            return new Defects(null, null, null, null, null, null, null, null);
        }
    }

    /** Shared range checks whose messages start with the key name. */
    static final class Checks {
        private Checks() {
        }

        static void unit(String key, double v) {
            if (!(v >= 0 && v <= 1)) {
                throw new IllegalArgumentException(key + " must be between 0 and 1, got " + v);
            }
        }

        static void unitOrNull(String key, Double v) {
            if (v != null) {
                unit(key, v);
            }
        }

        static void positive(String key, Range r) {
            if (r == null) {
                throw new IllegalArgumentException(key + " is missing");
            }
            if (r.min() <= 0) {
                throw new IllegalArgumentException(key + ".min must be positive, got " + r.min());
            }
        }
    }
}
