package io.veernet.data.synth;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Random curves with the personality of a real log, as positions across the track
 * (0 = left edge of the scale, 1 = right edge), one per column.
 *
 * <p>Feature sizes (bed thickness, spike width, drift period) are tied to the image height, so a
 * small image looks like a zoomed-out large one rather than like noise.
 */
public final class CurveSynth {

    private final SynthConfig.Curves config;

    public CurveSynth(SynthConfig.Curves config) {
        this.config = config;
    }

    /**
     * A curve of the given kind. Positions lie inside [0.01, 0.99] unless {@code wrap} is set,
     * in which case some excursions run past the right edge (a renderer draws them wrapped).
     */
    public double[] positions(CurveKind kind, int width, int height, boolean wrap, SplittableRandom rng) {
        double[] p = switch (kind) {
            case BLOCKY -> blocky(width, height, rng, 0.55);
            case SPIKY -> spiky(width, height, rng);
            case SMOOTH -> smooth(width, height, rng);
        };
        addNoise(p, config.noise() * (kind == CurveKind.SMOOTH ? 0.4 : 1.0), rng);
        // Place the curve's range somewhere in the track; curves overlap often, so they cross.
        double lo = 0.03 + rng.nextDouble() * 0.45;
        double hi = Math.min(0.97, lo + 0.25 + rng.nextDouble() * 0.65);
        if (wrap) {
            hi = 1.05 + rng.nextDouble() * 0.3;
        }
        rescale(p, lo, hi);
        if (!wrap) {
            for (int i = 0; i < p.length; i++) {
                p[i] = Math.max(0.01, Math.min(0.99, p[i]));
            }
        }
        return p;
    }

    /** Sets the start or the end of the curve to NaN, as when a tool was not logging there. */
    public static void truncate(double[] p, SplittableRandom rng) {
        int w = p.length;
        if (rng.nextBoolean()) {
            Arrays.fill(p, 0, (int) (w * (0.02 + 0.23 * rng.nextDouble())), Double.NaN);
        } else {
            Arrays.fill(p, (int) (w * (0.75 + 0.23 * rng.nextDouble())), w, Double.NaN);
        }
    }

    /** Beds of near-constant level with sharp boundaries: shale/sand alternations. */
    private static double[] blocky(int width, int height, SplittableRandom rng, double contrast) {
        double[] p = new double[width];
        double meanBed = height * (0.15 + 0.6 * rng.nextDouble());
        double shale = 0.5 + contrast / 2 * (0.6 + 0.4 * rng.nextDouble());
        double sand = 0.5 - contrast / 2 * (0.6 + 0.4 * rng.nextDouble());
        double[] levels = new double[0];
        int[] starts = new int[0];
        int x = 0;
        int beds = 0;
        while (x < width) {
            levels = Arrays.copyOf(levels, beds + 1);
            starts = Arrays.copyOf(starts, beds + 1);
            double base = rng.nextDouble() < 0.5 ? shale : sand;
            levels[beds] = base + 0.08 * gaussian(rng);
            starts[beds] = x;
            int thickness = (int) Math.max(3, meanBed * StrictMath.exp(0.8 * gaussian(rng) - 0.32));
            double slope = 0.04 * gaussian(rng) / Math.max(1, thickness);
            for (int i = x; i < Math.min(width, x + thickness); i++) {
                p[i] = levels[beds] + slope * (i - x);
            }
            x += thickness;
            beds++;
        }
        // Short transitions at bed boundaries: sharp, but not a single-column step.
        for (int b = 1; b < beds; b++) {
            int ramp = 1 + rng.nextInt(Math.max(2, height / 60 + 2));
            int at = starts[b];
            double from = p[Math.max(0, at - ramp - 1)];
            double to = p[Math.min(width - 1, at + ramp)];
            for (int i = Math.max(0, at - ramp); i < Math.min(width, at + ramp); i++) {
                double t = (i - (at - ramp) + 0.5) / (2.0 * ramp);
                p[i] = from + (to - from) * smoothstep(t);
            }
        }
        return p;
    }

    /** Resistivity on a log scale: a low-contrast bedded base with thin high-resistivity spikes. */
    private static double[] spiky(int width, int height, SplittableRandom rng) {
        double[] p = blocky(width, height, rng, 0.35);
        double spacing = height * (0.3 + 0.7 * rng.nextDouble());
        for (double x = spacing * rng.nextDouble(); x < width; x += spacing * (0.3 + 1.4 * rng.nextDouble())) {
            double half = 1 + rng.nextDouble() * Math.max(1, height / 80.0 + 3);
            double amp = (rng.nextDouble() < 0.8 ? 1 : -0.6) * (0.2 + 0.6 * rng.nextDouble());
            int from = (int) Math.max(0, x - 3 * half);
            int to = (int) Math.min(width - 1, x + 3 * half);
            for (int i = from; i <= to; i++) {
                double d = (i - x) / half;
                p[i] += amp * StrictMath.exp(-0.5 * d * d);
            }
        }
        return p;
    }

    /** Spontaneous potential: slow drift, smooth deflections at permeable beds. */
    private static double[] smooth(int width, int height, SplittableRandom rng) {
        double[] p = new double[width];
        for (int k = 0; k < 3; k++) {
            double period = height * (2 + 10 * rng.nextDouble());
            double amp = 0.1 + 0.15 * rng.nextDouble();
            double phase = 2 * Math.PI * rng.nextDouble();
            for (int i = 0; i < width; i++) {
                p[i] += amp * StrictMath.sin(2 * Math.PI * i / period + phase);
            }
        }
        double spacing = height * (0.6 + 1.2 * rng.nextDouble());
        for (double x = spacing * rng.nextDouble(); x < width; x += spacing * (0.5 + rng.nextDouble())) {
            double half = height * (0.1 + 0.4 * rng.nextDouble());
            double amp = -(0.2 + 0.5 * rng.nextDouble());
            int from = (int) Math.max(0, x - 2.5 * half);
            int to = (int) Math.min(width - 1, x + 2.5 * half);
            for (int i = from; i <= to; i++) {
                double d = (i - x) / half;
                p[i] += amp / (1 + d * d * d * d);
            }
        }
        return p;
    }

    /** Correlated small-scale noise (AR(1)), the texture every real trace has. */
    private static void addNoise(double[] p, double sigma, SplittableRandom rng) {
        double e = 0;
        double phi = 0.6;
        double innovation = sigma * Math.sqrt(1 - phi * phi);
        for (int i = 0; i < p.length; i++) {
            e = phi * e + innovation * gaussian(rng);
            p[i] += e;
        }
    }

    private static void rescale(double[] p, double lo, double hi) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : p) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        double span = Math.max(1e-9, max - min);
        for (int i = 0; i < p.length; i++) {
            p[i] = lo + (p[i] - min) / span * (hi - lo);
        }
    }

    static double smoothstep(double t) {
        t = Math.max(0, Math.min(1, t));
        return t * t * (3 - 2 * t);
    }

    static double gaussian(SplittableRandom rng) {
        // Box-Muller on the splittable stream keeps samples reproducible across JVMs.
        double u = 1 - rng.nextDouble();
        double v = rng.nextDouble();
        return Math.sqrt(-2 * StrictMath.log(u)) * StrictMath.cos(2 * Math.PI * v);
    }
}
