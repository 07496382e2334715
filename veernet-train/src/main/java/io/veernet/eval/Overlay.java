package io.veernet.eval;

import io.veernet.data.raster.GrayImage;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * A scan with curves drawn over it in colour, to check a digitisation by eye: truth in green,
 * extracted curve 1 in blue, curve 2 in orange. Wide scans are cropped to a window.
 */
public final class Overlay {

    /** Colours of the extracted curves 1 and 2, and of the truth. */
    static final Color CURVE1 = new Color(30, 90, 230);
    static final Color CURVE2 = new Color(240, 120, 0);
    static final Color TRUTH = new Color(0, 170, 60);

    /** A curve to draw: per-column rows (NaN = not drawn) and its colour. */
    public record Trace(double[] rows, Color color, float width) {
    }

    private Overlay() {
    }

    /** The window [from, to) of at most {@code maxWidth} columns centred on {@code centre}. */
    public static int[] window(int width, int maxWidth, int centre) {
        if (width <= maxWidth) {
            return new int[] {0, width};
        }
        int from = Math.max(0, Math.min(width - maxWidth, centre - maxWidth / 2));
        return new int[] {from, from + maxWidth};
    }

    /** The widest picture drawn, px: a longer stretch is compressed along depth, so its memory stays bounded. */
    public static final int MAX_WIDTH = 16_384;

    /**
     * Draws the traces over columns [from, to) of the scan, with a caption. Small scans are
     * enlarged (whole pixels) so the traces can be told apart; a stretch wider than
     * {@link #MAX_WIDTH} is compressed along depth to that width (the caption says by how much).
     */
    public static BufferedImage draw(GrayImage scan, List<Trace> traces, int from, int to, String caption) {
        int scale = Math.max(1, Math.min(4, 240 / scan.height()));
        int span = to - from;
        int w = span * scale;
        double sx = scale;
        if (w > MAX_WIDTH) {
            w = MAX_WIDTH;
            sx = MAX_WIDTH / (double) span;
            caption = caption + String.format(java.util.Locale.ROOT, " (depth compressed %.1fx)", 1 / sx);
        }
        int h = scan.height() * scale;
        int captionHeight = 18;
        BufferedImage img = new BufferedImage(Math.max(w, 720), h + captionHeight, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int v = scan.get(from + Math.min(span - 1, (int) (x / sx)), y / scale);
                // Fade the scan a little so the coloured traces stand out.
                int f = 90 + v * 165 / 255;
                img.setRGB(x, y + captionHeight, f << 16 | f << 8 | f);
            }
        }
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, img.getWidth(), captionHeight);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            g.drawString(caption, 4, 13);
            for (Trace t : traces) {
                g.setColor(t.color());
                g.setStroke(new BasicStroke(t.width()));
                Path2D.Double path = new Path2D.Double();
                boolean pen = false;
                for (int x = from; x < to; x++) {
                    double r = t.rows()[x];
                    if (Double.isNaN(r)) {
                        pen = false;
                        continue;
                    }
                    double px = (x - from + 0.5) * sx;
                    double py = (r + 0.5) * scale + captionHeight;
                    if (pen) {
                        path.lineTo(px, py);
                    } else {
                        path.moveTo(px, py);
                        pen = true;
                    }
                }
                g.draw(path);
            }
        } finally {
            g.dispose();
        }
        return img;
    }
}
