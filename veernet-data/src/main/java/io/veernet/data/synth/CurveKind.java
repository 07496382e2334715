package io.veernet.data.synth;

import io.veernet.data.dataset.ValueScale;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The three curve personalities the generator draws, each with the log it imitates. */
public enum CurveKind {
    /** Gamma-ray-like: flat beds with sharp boundaries and short transitions, linear scale. */
    BLOCKY("GR", "API", new ValueScale(0, 150, false)),
    /** Resistivity-like: spiky, plotted on a logarithmic scale over four decades. */
    SPIKY("ILD", "OHMM", new ValueScale(0.2, 2000, true)),
    /** Spontaneous-potential-like: smooth drift with slow baseline shifts, linear scale. */
    SMOOTH("SP", "MV", new ValueScale(-100, 20, false));

    private final String mnemonic;
    private final String unit;
    private final ValueScale scale;

    CurveKind(String mnemonic, String unit, ValueScale scale) {
        this.mnemonic = mnemonic;
        this.unit = unit;
        this.scale = scale;
    }

    public String mnemonic() {
        return mnemonic;
    }

    public String unit() {
        return unit;
    }

    public ValueScale scale() {
        return scale;
    }

    public static CurveKind parse(String name) {
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown curve kind '" + name + "', expected one of " + names());
        }
    }

    public static List<String> names() {
        return Arrays.stream(values()).map(k -> k.name().toLowerCase(Locale.ROOT)).toList();
    }
}
