package io.veernet.data.synth;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * How curve 2's trace is broken up. Lengths are multiples of the stroke width along the curve:
 * alternating inked and blank runs, starting with ink.
 */
public enum DashPattern {
    DASHED(new double[] {5, 3}),
    DOTTED(new double[] {0.01, 2.2}),
    LONG_SHORT(new double[] {7, 2.5, 1.5, 2.5}),
    /** Unbroken: curve 2 then differs from curve 1 only by being lighter and thinner. */
    SOLID(null),
    /** A dash and a dot (held-out profile only by default). */
    DASH_DOT(new double[] {6, 2, 0.01, 2}),
    /** Short dashes with long gaps (held-out profile only by default). */
    SPARSE_DASH(new double[] {2.5, 5}),
    /**
     * Runs drawn per log (training): one or two inked runs per period, each a dot or a dash of
     * 1.5-6 widths, gaps of 1.5-4.5 widths, so that no one pattern is what makes curve 2 curve 2.
     */
    RANDOM(null);

    private final double[] runs;

    DashPattern(double[] runs) {
        this.runs = runs;
    }

    /** The inked and blank run lengths, in stroke widths; null for {@link #SOLID} (and {@link #RANDOM}, drawn per log). */
    public double[] runs() {
        return runs == null ? null : runs.clone();
    }

    /** This pattern's runs for one log: {@link #RANDOM} draws them from {@code rng}, the others ignore it. */
    public double[] runs(SplittableRandom rng) {
        if (this != RANDOM) {
            return runs();
        }
        int dashes = rng.nextBoolean() ? 1 : 2;
        double[] r = new double[2 * dashes];
        for (int i = 0; i < dashes; i++) {
            r[2 * i] = rng.nextDouble() < 0.3 ? 0.01 : 1.5 + 4.5 * rng.nextDouble();
            r[2 * i + 1] = 1.5 + 3.0 * rng.nextDouble();
        }
        return r;
    }

    public static DashPattern parse(String name) {
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown dash pattern '" + name + "', expected one of " + names());
        }
    }

    public static List<String> names() {
        return Arrays.stream(values()).map(k -> k.name().toLowerCase(Locale.ROOT)).toList();
    }
}
