package io.veernet.data.synth;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The distributions a style profile draws each log's appearance from: one uniform range per
 * {@link Factor}, the curve-2 pattern families (one entry chosen uniformly, so a family listed twice is drawn twice as often) and the chance of JPEG artefacts.
 *
 * @param spans           a range for every factor
 * @param curve2Patterns  curve 2's style families; {@link DashPattern#SOLID} is the solid-but-lighter-and-thinner family
 * @param jpegProbability chance that a log is JPEG-compressed at a quality drawn from {@link Factor#JPEG_QUALITY}
 * @param compoundShare   chance that a log draws every degradation factor ({@link #WORSE_HIGH}) from the worse half
 *                        of its range at once: independent uniform draws rarely put several at their bad ends together,
 *                        and compounded degradations are what a model fails on (the held-out ablation)
 */
public record AppearanceRanges(Map<Factor, Span> spans, List<DashPattern> curve2Patterns, double jpegProbability,
                               double compoundShare) {

    /** The degradation factors and which end of each is the worse one (true: the high end). */
    public static final Map<Factor, Boolean> WORSE_HIGH = Map.ofEntries(
            Map.entry(Factor.GRID_INK, true), Map.entry(Factor.GRID_JITTER, true), Map.entry(Factor.VALUE_DIVISIONS, true),
            Map.entry(Factor.DEFECTS, true), Map.entry(Factor.BLUR, true), Map.entry(Factor.CONTRAST, false),
            Map.entry(Factor.NOISE, true), Map.entry(Factor.SALT_PEPPER, true), Map.entry(Factor.TRACE_SPECKS, true),
            Map.entry(Factor.BREAKS, true), Map.entry(Factor.JPEG_QUALITY, false));

    /** Independent draws only (no compounded logs). */
    public AppearanceRanges(Map<Factor, Span> spans, List<DashPattern> curve2Patterns, double jpegProbability) {
        this(spans, curve2Patterns, jpegProbability, 0);
    }

    /** Every appearance factor a profile randomises (units in docs/DATASET.md). */
    public enum Factor {
        /** Curve 1's stroke width, px at 72 rows. */
        CURVE1_WIDTH,
        /** Curve 1's ink darkness, 0-1. */
        CURVE1_INK,
        /** Curve 2's width over curve 1's. */
        CURVE2_WIDTH_RATIO,
        /** Curve 2's ink over curve 1's. */
        CURVE2_INK_RATIO,
        /** Dash and gap lengths, times the pattern's own. */
        DASH_SCALE,
        /** Minor depth-line spacing, px at 72 rows. */
        GRID_SPACING,
        /** Minor grid-line darkness, 0-1. */
        GRID_INK,
        /** Major over minor grid darkness. */
        GRID_MAJOR_RATIO,
        /** Minor grid-line width, px. */
        GRID_WIDTH,
        /** Grid-line position jitter, px. */
        GRID_JITTER,
        /** Value lines across a linear track (rounded). */
        VALUE_DIVISIONS,
        /** Paper gray level. */
        PAPER,
        /** Paper shading: brightness and contrast gradients, 0-1. */
        SHADING,
        /** The scan-defect level (skew, bleed, grain, specks, stains, fade, fold), 0-1. */
        DEFECTS,
        /** Gaussian blur sigma, px. */
        BLUR,
        /** Contrast against the paper. */
        CONTRAST,
        /** Brightness offset, gray levels. */
        BRIGHTNESS,
        /** Gamma of the gray levels. */
        GAMMA,
        /** Gaussian noise sigma, gray levels. */
        NOISE,
        /** Share of pixels turned black or white. */
        SALT_PEPPER,
        /** Dark specks and blobs on and near the traces, per 1,000 columns. */
        TRACE_SPECKS,
        /** Stroke breaks per 1,000 columns, each curve. */
        BREAKS,
        /** Chance that depth numbers are also printed inside the track. */
        IN_TRACK_TEXT,
        /** JPEG quality, 1-100, when the log is compressed. */
        JPEG_QUALITY
    }

    /** A uniform range [lo, hi]. */
    public record Span(double lo, double hi) {
        public Span {
            if (!(lo <= hi)) {
                throw new IllegalArgumentException("span lo (" + lo + ") must not exceed hi (" + hi + ")");
            }
        }
    }

    public AppearanceRanges {
        spans = new EnumMap<>(spans);
        for (Factor f : Factor.values()) {
            if (!spans.containsKey(f)) {
                throw new IllegalArgumentException("no range for appearance factor " + f);
            }
        }
        curve2Patterns = List.copyOf(curve2Patterns);
        if (curve2Patterns.isEmpty()) {
            throw new IllegalArgumentException("curve2Patterns must not be empty");
        }
        if (!(compoundShare >= 0 && compoundShare <= 1)) {
            throw new IllegalArgumentException("compoundShare must lie in [0, 1], got " + compoundShare);
        }
    }

    public Span span(Factor f) {
        return spans.get(f);
    }

    /** These ranges with one factor fixed at {@code value} (tests pin each range's ends this way). */
    public AppearanceRanges with(Factor f, double value) {
        Map<Factor, Span> m = new EnumMap<>(spans);
        m.put(f, new Span(value, value));
        return new AppearanceRanges(m, curve2Patterns, jpegProbability, compoundShare);
    }

    /** These ranges with {@code f} drawn from {@code span}. */
    public AppearanceRanges with(Factor f, Span span) {
        Map<Factor, Span> m = new EnumMap<>(spans);
        m.put(f, span);
        return new AppearanceRanges(m, curve2Patterns, jpegProbability, compoundShare);
    }

    /** These ranges with other curve-2 families and JPEG chance. */
    public AppearanceRanges with(List<DashPattern> patterns, double jpeg) {
        return new AppearanceRanges(spans, patterns, jpeg, compoundShare);
    }

    /** One log's drawn appearance: every factor's value (the draws happen in factor order). */
    Map<Factor, Double> draw(SplittableRandom rng) {
        // Ranges without compounded logs keep their original sequence of draws.
        boolean compound = compoundShare > 0 && rng.nextDouble() < compoundShare;
        Map<Factor, Double> v = new EnumMap<>(Factor.class);
        for (Factor f : Factor.values()) {
            Span s = spans.get(f);
            double u = rng.nextDouble();
            if (compound && WORSE_HIGH.containsKey(f)) {
                u = WORSE_HIGH.get(f) ? 0.5 + 0.5 * u : 0.5 * u;
            }
            v.put(f, s.lo() + (s.hi() - s.lo()) * u);
        }
        return v;
    }

    /** These ranges with another share of compounded logs. */
    public AppearanceRanges withCompoundShare(double share) {
        return new AppearanceRanges(spans, curve2Patterns, jpegProbability, share);
    }
}
