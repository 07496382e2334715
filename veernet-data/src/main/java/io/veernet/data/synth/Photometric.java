package io.veernet.data.synth;

import io.veernet.data.raster.GrayImage;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.SplittableRandom;

/**
 * Picture-only changes to a finished scan: blur, tone (gamma, contrast, brightness), Gaussian
 * noise, salt and pepper, JPEG artefacts. None of them moves a stroke, so labels stay exact. Used
 * by the generator's randomised profiles and by the training loader's online augmentation.
 *
 * <p>Deterministic for a given random stream: noise uses Box-Muller with StrictMath.
 */
public final class Photometric {

    /** One set of photometric settings; neutral values are blur 0, gamma 1, contrast 1, brightness 0, noise 0, salt 0, jpeg 0 (off). */
    public record Settings(double blur, double gamma, double contrast, double brightness, double noise, double saltPepper,
                           int jpegQuality) {
    }

    private Photometric() {
    }

    /** Applies {@code s} in a fixed order: blur, tone, noise, salt and pepper, JPEG. */
    public static GrayImage apply(GrayImage image, Settings s, SplittableRandom rng) {
        int w = image.width();
        int h = image.height();
        float[] v = new float[w * h];
        byte[] px = image.pixels();
        for (int i = 0; i < v.length; i++) {
            v[i] = px[i] & 0xFF;
        }
        if (s.blur() > 0.05) {
            gaussianBlur(v, w, h, s.blur());
        }
        boolean tone = s.gamma() != 1 || s.contrast() != 1 || s.brightness() != 0;
        for (int i = 0; i < v.length; i++) {
            double x = v[i];
            if (tone) {
                // Gamma on [0, 1]; contrast pulls ink towards (or pushes it away from) the paper white.
                x = 255 * StrictMath.pow(Math.max(0, Math.min(1, x / 255)), s.gamma());
                x = 255 - s.contrast() * (255 - x) + s.brightness();
            }
            if (s.noise() > 0) {
                x += s.noise() * gaussian(rng);
            }
            v[i] = (float) x;
        }
        byte[] out = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (byte) Math.max(0, Math.min(255, Math.round(v[i])));
        }
        if (s.saltPepper() > 0) {
            int n = (int) Math.round(s.saltPepper() * v.length);
            for (int k = 0; k < n; k++) {
                out[rng.nextInt(v.length)] = (byte) (rng.nextBoolean() ? 255 : 0);
            }
        }
        GrayImage result = new GrayImage(w, h, out);
        return s.jpegQuality() > 0 ? jpeg(result, s.jpegQuality()) : result;
    }

    /** A standard normal draw (Box-Muller, StrictMath so results do not depend on the JIT). */
    static double gaussian(SplittableRandom rng) {
        double u = 1 - rng.nextDouble();
        return StrictMath.sqrt(-2 * StrictMath.log(u)) * StrictMath.cos(2 * Math.PI * rng.nextDouble());
    }

    /** Separable Gaussian blur, kernel radius ceil(3 sigma), edges clamped. */
    static void gaussianBlur(float[] v, int w, int h, double sigma) {
        int r = (int) Math.ceil(3 * sigma);
        float[] k = new float[2 * r + 1];
        double sum = 0;
        for (int i = -r; i <= r; i++) {
            k[i + r] = (float) StrictMath.exp(-0.5 * i * i / (sigma * sigma));
            sum += k[i + r];
        }
        for (int i = 0; i < k.length; i++) {
            k[i] /= (float) sum;
        }
        float[] tmp = new float[Math.max(w, h)];
        for (int y = 0; y < h; y++) {
            int row = y * w;
            for (int x = 0; x < w; x++) {
                float a = 0;
                for (int i = -r; i <= r; i++) {
                    a += k[i + r] * v[row + Math.max(0, Math.min(w - 1, x + i))];
                }
                tmp[x] = a;
            }
            System.arraycopy(tmp, 0, v, row, w);
        }
        for (int x = 0; x < w; x++) {
            for (int y = 0; y < h; y++) {
                float a = 0;
                for (int i = -r; i <= r; i++) {
                    a += k[i + r] * v[Math.max(0, Math.min(h - 1, y + i)) * w + x];
                }
                tmp[y] = a;
            }
            for (int y = 0; y < h; y++) {
                v[y * w + x] = tmp[y];
            }
        }
    }

    /** A JPEG round trip at {@code quality} (1-100), in memory: the block and ringing artefacts of a compressed scan. */
    static GrayImage jpeg(GrayImage image, int quality) {
        BufferedImage img = new BufferedImage(image.width(), image.height(), BufferedImage.TYPE_BYTE_GRAY);
        byte[] dst = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
        System.arraycopy(image.pixels(), 0, dst, 0, dst.length);
        try {
            ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
                writer.setOutput(out);
                ImageWriteParam p = writer.getDefaultWriteParam();
                p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                p.setCompressionQuality((float) Math.max(0.01, Math.min(1, quality / 100.0)));
                writer.write(null, new IIOImage(img, null, null), p);
            } finally {
                writer.dispose();
            }
            BufferedImage back = ImageIO.read(new ByteArrayInputStream(bytes.toByteArray()));
            byte[] out = new byte[image.width() * image.height()];
            var raster = back.getRaster();
            int[] sample = new int[raster.getNumBands()];
            for (int y = 0; y < image.height(); y++) {
                for (int x = 0; x < image.width(); x++) {
                    raster.getPixel(x, y, sample);
                    out[y * image.width() + x] = (byte) sample[0];
                }
            }
            return new GrayImage(image.width(), image.height(), out);
        } catch (IOException e) {
            throw new UncheckedIOException("JPEG round trip failed", e);
        }
    }
}
