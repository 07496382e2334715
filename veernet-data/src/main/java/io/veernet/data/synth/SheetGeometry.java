package io.veernet.data.synth;

import java.util.SplittableRandom;

/**
 * Where the ideal log lands on the scanned sheet: depth lines lean by the skew angle, and the
 * value axis wanders slowly along depth (feed drift). Everything drawn goes through this mapping,
 * so labels and truth stay exact under skew.
 */
final class SheetGeometry {

    private final double shear;
    private final double centreRow;
    private final double driftAmplitude;
    private final double[] driftPeriods;
    private final double[] driftPhases;

    private SheetGeometry(double shear, double centreRow, double driftAmplitude, double[] periods, double[] phases) {
        this.shear = shear;
        this.centreRow = centreRow;
        this.driftAmplitude = driftAmplitude;
        this.driftPeriods = periods;
        this.driftPhases = phases;
    }

    static SheetGeometry identity(int height) {
        return new SheetGeometry(0, height / 2.0, 0, new double[0], new double[0]);
    }

    /** A random skew of up to {@code 2 * amount} degrees and a drift of up to {@code 1% * amount} of the height. */
    static SheetGeometry random(double amount, int width, int height, SplittableRandom rng) {
        double degrees = (rng.nextDouble() * 2 - 1) * 2.0 * amount;
        double drift = amount * rng.nextDouble() * 0.01 * height;
        double[] periods = {width * (0.5 + rng.nextDouble()), width * (0.15 + 0.3 * rng.nextDouble())};
        double[] phases = {2 * Math.PI * rng.nextDouble(), 2 * Math.PI * rng.nextDouble()};
        return new SheetGeometry(StrictMath.tan(StrictMath.toRadians(degrees)), height / 2.0, drift, periods, phases);
    }

    double x(double x, double y) {
        return x + (y - centreRow) * shear;
    }

    double y(double x, double y) {
        return y + drift(x);
    }

    private double drift(double x) {
        if (driftAmplitude == 0) {
            return 0;
        }
        double d = 0;
        for (int k = 0; k < driftPeriods.length; k++) {
            d += StrictMath.sin(2 * Math.PI * x / driftPeriods[k] + driftPhases[k]) / (k + 1);
        }
        return driftAmplitude * d / 1.5;
    }

    /** Draws the ideal straight line (x0,y0)-(x1,y1) on the sheet, split so the drift bends it. */
    void line(Canvas canvas, double x0, double y0, double x1, double y1, double width, float darkness) {
        int pieces = Math.max(1, (int) Math.ceil(Math.abs(x1 - x0) / 32));
        double px = x(x0, y0);
        double py = y(x0, y0);
        for (int k = 1; k <= pieces; k++) {
            double ix = x0 + (x1 - x0) * k / pieces;
            double iy = y0 + (y1 - y0) * k / pieces;
            double qx = x(ix, iy);
            double qy = y(ix, iy);
            canvas.line(px, py, qx, qy, width, darkness);
            px = qx;
            py = qy;
        }
    }
}
