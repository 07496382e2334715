package io.veernet.data.synth;

import io.veernet.data.raster.GrayImage;

import java.util.SplittableRandom;

/**
 * Turns the clean ink drawing into a scan: faded stretches, ink bleed, specks and blobs, then
 * paper tone with brightness and contrast gradients, stains, a fold line and grain.
 *
 * <p>Only the picture changes: labels and truth come from the geometry, so a defect can make a
 * curve hard to see but never moves it.
 */
final class ScanDefects {

    /** Resolved defect amounts in [0, 1] for one sheet. */
    record Amounts(double skew, double blur, double grain, double speckle, double gradient,
                   double stains, double fade, double fold) {

        static Amounts resolve(SynthConfig.Defects d, double realism) {
            return new Amounts(or(d.skew(), realism), or(d.blur(), realism), or(d.grain(), realism),
                    or(d.speckle(), realism), or(d.gradient(), realism), or(d.stains(), realism),
                    or(d.fade(), realism), or(d.fold(), realism));
        }

        /** The same amounts with another brightness and contrast gradient (paper shading). */
        Amounts withGradient(double g) {
            return new Amounts(skew, blur, grain, speckle, g, stains, fade, fold);
        }

        private static double or(Double v, double fallback) {
            return v != null ? v : fallback;
        }
    }

    private ScanDefects() {
    }

    /** Ink-side defects, applied to the canvas before the paper is laid under it. */
    static void inkDefects(Canvas canvas, Amounts a, SplittableRandom rng) {
        fade(canvas, a.fade(), rng);
        specks(canvas, a.speckle(), a.stains(), rng);
        bleed(canvas, a.blur() * (0.4 + 0.6 * rng.nextDouble()));
    }

    /**
     * The scanned picture: paper tone times (1 - ink), stains, fold and grain.
     *
     * @param paperBase   the paper's gray level, plus up to {@code paperSpread} drawn here
     */
    static GrayImage scan(Canvas canvas, Amounts a, double paperBase, double paperSpread, SplittableRandom rng) {
        int w = canvas.width;
        int h = canvas.height;
        float paper = (float) (paperBase + paperSpread * rng.nextDouble());
        float gradX = (float) (a.gradient() * 40 * (rng.nextDouble() - 0.5));
        float gradY = (float) (a.gradient() * 30 * (rng.nextDouble() - 0.5));
        float contrast0 = (float) (1 - 0.25 * a.gradient() * rng.nextDouble());
        float contrastSlope = (float) (0.25 * a.gradient() * (rng.nextDouble() - 0.5));
        float grain = (float) (a.grain() * 14 * (0.5 + 0.5 * rng.nextDouble()));
        float[] tone = new float[w];
        float[] contrast = new float[w];
        for (int x = 0; x < w; x++) {
            float fx = x / (float) w - 0.5f;
            tone[x] = paper + gradX * fx;
            contrast[x] = contrast0 + contrastSlope * fx;
        }
        foldLine(tone, a.fold(), h, rng);
        byte[] out = new byte[w * h];
        long noise = rng.nextLong() | 1;
        for (int y = 0; y < h; y++) {
            float rowTone = gradY * (y / (float) h - 0.5f);
            int row = y * w;
            for (int x = 0; x < w; x++) {
                // Two xorshift draws summed: a cheap, reproducible, roughly bell-shaped grain.
                noise ^= noise << 13;
                noise ^= noise >>> 7;
                noise ^= noise << 17;
                float n = ((noise & 0xFFFF) + ((noise >>> 16) & 0xFFFF)) / 65536f - 1f;
                float v = (tone[x] + rowTone) * (1 - contrast[x] * canvas.ink[row + x]) + grain * n;
                out[row + x] = (byte) Math.max(0, Math.min(255, Math.round(v)));
            }
        }
        stains(out, w, h, a.stains(), rng);
        return new GrayImage(w, h, out);
    }

    /** Stretches along depth where the ink is lighter, as on a worn or badly copied log. */
    private static void fade(Canvas canvas, double amount, SplittableRandom rng) {
        if (amount <= 0) {
            return;
        }
        int w = canvas.width;
        float[] factor = new float[w];
        java.util.Arrays.fill(factor, 1f);
        int regions = (int) Math.round(amount * 3 * rng.nextDouble());
        for (int k = 0; k < regions; k++) {
            double centre = w * rng.nextDouble();
            double half = w * (0.03 + 0.12 * rng.nextDouble());
            double depth = 0.55 * amount * (0.5 + 0.5 * rng.nextDouble());
            for (int x = (int) Math.max(0, centre - half); x < Math.min(w, centre + half); x++) {
                double t = (x - centre) / half;
                factor[x] *= (float) (1 - depth * (1 - t * t));
            }
        }
        for (int y = 0; y < canvas.height; y++) {
            int row = y * w;
            for (int x = 0; x < w; x++) {
                canvas.ink[row + x] *= factor[x];
            }
        }
    }

    /** Isolated dark specks (dust) and a few ink blobs; both are background. */
    private static void specks(Canvas canvas, double speckle, double stains, SplittableRandom rng) {
        int w = canvas.width;
        int h = canvas.height;
        long area = (long) w * h;
        int count = (int) (speckle * area / 4000.0 * rng.nextDouble());
        for (int k = 0; k < count; k++) {
            double x = w * rng.nextDouble();
            double y = h * rng.nextDouble();
            canvas.line(x, y, x, y, 0.6 + 1.2 * rng.nextDouble(), (float) (0.3 + 0.6 * rng.nextDouble()));
        }
        int blobs = (int) Math.round(stains * (w / 1500.0 + 1) * rng.nextDouble());
        for (int k = 0; k < blobs; k++) {
            double x = w * rng.nextDouble();
            double y = h * rng.nextDouble();
            double r = 1.5 + h * 0.012 * rng.nextDouble();
            canvas.line(x, y, x + r * (rng.nextDouble() - 0.5), y + r * (rng.nextDouble() - 0.5), 2 * r,
                    (float) (0.5 + 0.4 * rng.nextDouble()));
        }
    }

    /** Ink bleed: a separable [b, 1-2b, b] blur of the ink plane. */
    private static void bleed(Canvas canvas, double amount) {
        float b = (float) (0.2 * amount);
        if (b <= 0) {
            return;
        }
        int w = canvas.width;
        int h = canvas.height;
        float[] ink = canvas.ink;
        float c = 1 - 2 * b;
        for (int y = 0; y < h; y++) {
            int row = y * w;
            float prev = ink[row];
            for (int x = 0; x < w; x++) {
                float cur = ink[row + x];
                float next = x + 1 < w ? ink[row + x + 1] : cur;
                ink[row + x] = b * prev + c * cur + b * next;
                prev = cur;
            }
        }
        float[] prevRow = new float[w];
        System.arraycopy(ink, 0, prevRow, 0, w);
        for (int y = 0; y < h; y++) {
            int row = y * w;
            int nextRow = y + 1 < h ? row + w : row;
            for (int x = 0; x < w; x++) {
                float cur = ink[row + x];
                float v = b * prevRow[x] + c * cur + b * ink[nextRow + x];
                prevRow[x] = cur;
                ink[row + x] = v;
            }
        }
    }

    /** A fold: a shadowed band with a bright crease across the whole value axis. */
    private static void foldLine(float[] tone, double amount, int h, SplittableRandom rng) {
        if (rng.nextDouble() >= amount * 0.8) {
            return;
        }
        int w = tone.length;
        double centre = w * (0.1 + 0.8 * rng.nextDouble());
        double half = 2 + h * 0.03 * rng.nextDouble();
        double shade = 10 + 30 * amount * rng.nextDouble();
        for (int x = (int) Math.max(0, centre - 3 * half); x < Math.min(w, centre + 3 * half); x++) {
            double d = (x - centre) / half;
            tone[x] -= (float) (shade * StrictMath.exp(-0.5 * d * d));
            if (Math.abs(x - centre) < 0.75) {
                tone[x] += (float) (shade * 0.8);
            }
        }
    }

    /** Soft-edged stains that darken the paper (coffee, water, tape). */
    private static void stains(byte[] out, int w, int h, double amount, SplittableRandom rng) {
        int count = (int) Math.round(amount * (w / 2000.0 + 1.5) * rng.nextDouble());
        for (int k = 0; k < count; k++) {
            double cx = w * rng.nextDouble();
            double cy = h * rng.nextDouble();
            double rx = h * (0.05 + 0.3 * rng.nextDouble());
            double ry = rx * (0.5 + rng.nextDouble());
            double strength = 0.08 + 0.2 * amount * rng.nextDouble();
            for (int y = (int) Math.max(0, cy - ry); y < Math.min(h, cy + ry); y++) {
                double dy = (y - cy) / ry;
                for (int x = (int) Math.max(0, cx - rx); x < Math.min(w, cx + rx); x++) {
                    double dx = (x - cx) / rx;
                    double r2 = dx * dx + dy * dy;
                    if (r2 < 1) {
                        int i = y * w + x;
                        double v = (out[i] & 0xFF) * (1 - strength * (1 - r2));
                        out[i] = (byte) Math.round(v);
                    }
                }
            }
        }
    }
}
