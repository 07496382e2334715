package io.veernet.data.synth;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.veernet.data.io.EnumNames;

import java.util.EnumMap;
import java.util.List;

import static io.veernet.data.synth.AppearanceRanges.Factor.*;

/**
 * Named looks of the generator (config key {@code synth.profile}).
 *
 * <ul>
 *   <li>{@code classic}: the look the generator always had (one renderer; kept for reproducing);
 *   <li>{@code randomised}: the training look: every appearance factor drawn per log from a wide
 *       range, each independently, so that logs show each factor alone and in combination;
 *   <li>{@code heldout}: a look training never uses: values outside the randomised ranges on several
 *       axes at once (coarser, darker and jittered grid, denser value lines, heavier noise and salt,
 *       stronger JPEG, curve 2 drawn dash-dot or sparse-dashed at longer dash lengths);
 *   <li>{@code wide}: a diagnostic, not a default: the training ranges widened on every axis until
 *       they hold the held-out ones too (and its curve 2 patterns among the families), to tell
 *       whether the held-out gap is one of coverage (training never saw such logs) or of capacity.
 *       A model trained on it has seen the held-out look, so its held-out figures are no test of
 *       generalisation.
 *   <li>{@code compounded}: the training ranges with every log drawn from the worse half of every
 *       degradation at once: a hard validation look inside what training sees, for choices that
 *       must hold when a log is worse than the typical one (the tracker's costs).
 * </ul>
 * The ranges are documented in docs/DATASET.md; keep the two in step.
 */
public enum StyleProfile {
    CLASSIC,
    RANDOMISED,
    HELDOUT,
    WIDE,
    COMPOUNDED;

    @JsonCreator
    public static StyleProfile parse(String name) {
        return EnumNames.parse(StyleProfile.class, "profile", name);
    }

    @JsonValue
    public String label() {
        return EnumNames.label(this);
    }

    public static List<String> names() {
        return EnumNames.names(StyleProfile.class);
    }

    /** The appearance distributions of this profile; null for {@code classic}, which keeps its own code path. */
    public AppearanceRanges ranges() {
        return switch (this) {
            case CLASSIC -> null;
            case RANDOMISED -> randomised();
            case HELDOUT -> heldout();
            case WIDE -> wide();
            case COMPOUNDED -> randomised().withCompoundShare(1);
        };
    }

    /** The training ranges. Widths in px at 72 rows (scaled with the square root of the height). */
    static AppearanceRanges randomised() {
        EnumMap<AppearanceRanges.Factor, AppearanceRanges.Span> m = new EnumMap<>(AppearanceRanges.Factor.class);
        m.put(CURVE1_WIDTH, span(1.4, 3.4));
        m.put(CURVE1_INK, span(0.7, 1.0));
        m.put(CURVE2_WIDTH_RATIO, span(0.45, 1.0));
        m.put(CURVE2_INK_RATIO, span(0.4, 1.0));
        m.put(DASH_SCALE, span(0.7, 1.5));
        m.put(GRID_SPACING, span(4, 14));
        m.put(GRID_INK, span(0.05, 0.4));
        m.put(GRID_MAJOR_RATIO, span(1.2, 2.5));
        m.put(GRID_WIDTH, span(0.5, 1.5));
        m.put(GRID_JITTER, span(0, 1.5));
        m.put(VALUE_DIVISIONS, span(4, 12));
        m.put(PAPER, span(205, 255));
        m.put(SHADING, span(0, 1));
        m.put(DEFECTS, span(0, 0.8));
        m.put(BLUR, span(0, 0.9));
        m.put(CONTRAST, span(0.6, 1.1));
        m.put(BRIGHTNESS, span(-25, 15));
        m.put(GAMMA, span(0.6, 1.6));
        m.put(NOISE, span(0, 12));
        m.put(SALT_PEPPER, span(0, 0.004));
        m.put(TRACE_SPECKS, span(0, 20));
        m.put(BREAKS, span(0, 6));
        m.put(IN_TRACK_TEXT, span(0, 0.7));
        m.put(JPEG_QUALITY, span(40, 95));
        // Solid in 3 of 8 logs (scanned logs are often solid-and-solid); random runs in 2 of 8.
        return new AppearanceRanges(m, List.of(DashPattern.DASHED, DashPattern.DOTTED, DashPattern.LONG_SHORT,
                DashPattern.RANDOM, DashPattern.RANDOM, DashPattern.SOLID, DashPattern.SOLID, DashPattern.SOLID), 0.5,
                // A quarter of the logs compound every degradation (each still inside its training range).
                0.25);
    }

    /** The held-out ranges: outside {@link #randomised()} on grid geometry, grid ink, noise, salt, JPEG and curve 2's pattern. */
    static AppearanceRanges heldout() {
        AppearanceRanges r = randomised();
        EnumMap<AppearanceRanges.Factor, AppearanceRanges.Span> m = new EnumMap<>(r.spans());
        m.put(CURVE1_WIDTH, span(1.8, 2.8));
        m.put(DASH_SCALE, span(1.6, 2.0));
        m.put(GRID_SPACING, span(16, 24));
        m.put(GRID_INK, span(0.42, 0.5));
        m.put(GRID_JITTER, span(1.6, 2.2));
        m.put(VALUE_DIVISIONS, span(14, 18));
        m.put(NOISE, span(13, 16));
        m.put(SALT_PEPPER, span(0.005, 0.007));
        m.put(JPEG_QUALITY, span(25, 38));
        return new AppearanceRanges(m, List.of(DashPattern.DASH_DOT, DashPattern.SPARSE_DASH), 1.0, 0);
    }

    /** The randomised ranges stretched to hold the held-out ones on every factor; held-out's curve 2 patterns added. */
    static AppearanceRanges wide() {
        AppearanceRanges r = randomised();
        AppearanceRanges h = heldout();
        EnumMap<AppearanceRanges.Factor, AppearanceRanges.Span> m = new EnumMap<>(r.spans());
        for (AppearanceRanges.Factor f : AppearanceRanges.Factor.values()) {
            m.put(f, span(Math.min(r.span(f).lo(), h.span(f).lo()), Math.max(r.span(f).hi(), h.span(f).hi())));
        }
        List<DashPattern> families = new java.util.ArrayList<>(r.curve2Patterns());
        families.addAll(h.curve2Patterns());
        return new AppearanceRanges(m, families, r.jpegProbability(), r.compoundShare());
    }

    private static AppearanceRanges.Span span(double lo, double hi) {
        return new AppearanceRanges.Span(lo, hi);
    }
}
