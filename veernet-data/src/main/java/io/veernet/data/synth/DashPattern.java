package io.veernet.data.synth;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

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
    SPARSE_DASH(new double[] {2.5, 5});

    private final double[] runs;

    DashPattern(double[] runs) {
        this.runs = runs;
    }

    /** The inked and blank run lengths, in stroke widths; null for {@link #SOLID}. */
    public double[] runs() {
        return runs == null ? null : runs.clone();
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
