package io.veernet.data.raster;

/**
 * Brings a scan's ink to one contrast: every darkness is scaled so that the darkness 1% of the
 * pixels reach or pass (the core of the heavier trace, on a log) lands at {@link #TARGET}.
 *
 * <p>Why: printers, scanners, fading and gamma leave the same log anywhere between faint gray and
 * black, while the style rule that tells the curves apart is relative (curve 2 lighter than curve 1).
 * After the stretch the model reads the relative ink, whatever the absolute contrast was. Meant for a
 * scan whose paper and lines are already levelled ({@link RuleLevelling#flatten}), so that darkness
 * is ink alone. The scale is bounded, so blank paper with a few specks is not blown up to ink.
 */
public final class InkStretch {

    /** The share of pixels at or above the reference darkness. */
    public static final double SHARE = 0.01;
    /** Where the reference darkness lands. */
    public static final int TARGET = 204;
    /** The reference darkness counts as at least this (a scale of at most 204 / 51 = 4). */
    static final int MIN_REFERENCE = 51;

    private InkStretch() {
    }

    /** The stretched image: darkness times TARGET / reference, capped at black. */
    public static GrayImage stretch(GrayImage image) {
        byte[] px = image.pixels();
        int[] hist = new int[256];
        for (byte p : px) {
            hist[255 - (p & 0xFF)]++;
        }
        long above = (long) Math.ceil(SHARE * px.length);
        int reference = 255;
        long seen = 0;
        for (int d = 255; d >= 0; d--) {
            seen += hist[d];
            if (seen >= above) {
                reference = d;
                break;
            }
        }
        reference = Math.max(MIN_REFERENCE, reference);
        byte[] out = new byte[px.length];
        for (int i = 0; i < px.length; i++) {
            int d = 255 - (px[i] & 0xFF);
            int s = Math.min(255, (d * TARGET + reference / 2) / reference);
            out[i] = (byte) (255 - s);
        }
        return new GrayImage(image.width(), image.height(), out);
    }
}
