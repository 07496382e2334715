package io.veernet.data.raster;

import io.veernet.data.io.AtomicFiles;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBufferByte;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Reads and writes log rasters: PNG, JPEG and TIFF (TwelveMonkeys: 8- and 16-bit gray, 1-bit
 * CCITT G3/G4, multi-page) in; 8-bit gray PNG images and palette PNG masks out.
 *
 * <p>Every reading error is a {@link RasterFormatException} naming the file.
 */
public final class RasterIO {

    /** Palette of mask files: class index = palette index, shown as white, black and red. */
    private static final IndexColorModel MASK_PALETTE = new IndexColorModel(8, 3,
            new byte[] {(byte) 255, 0, (byte) 220}, new byte[] {(byte) 255, 0, 30}, new byte[] {(byte) 255, 0, 30});

    static {
        ImageIO.setUseCache(false);
        ImageIO.scanForPlugins();
    }

    private RasterIO() {
    }

    /** The first image of a file as 8-bit gray (colour is converted by luminance, 16-bit scaled down). */
    public static GrayImage readGray(Path file) {
        List<GrayImage> pages = read(file, false);
        return pages.get(0);
    }

    /** Every page of a file (a multi-page TIFF holds several logs), each as 8-bit gray. */
    public static List<GrayImage> readPages(Path file) {
        return read(file, true);
    }

    /** A page as gray and the share of its pixels that were at least partly transparent (composited on white). */
    public record Page(GrayImage gray, double transparentShare) {
    }

    /** Every page of a file with its transparent share, for quality checks. */
    public static List<Page> readPagesChecked(Path file) {
        List<Page> out = new ArrayList<>();
        for (BufferedImage img : readImages(file, true)) {
            out.add(new Page(toGray(img), transparentShare(img)));
        }
        return out;
    }

    /** Share of pixels with alpha below 255 (0 for an image without alpha). */
    static double transparentShare(BufferedImage img) {
        if (!img.getColorModel().hasAlpha()) {
            return 0;
        }
        int w = img.getWidth();
        int h = img.getHeight();
        int[] row = new int[w];
        long transparent = 0;
        for (int y = 0; y < h; y++) {
            img.getRGB(0, y, w, 1, row, 0, w);
            for (int v : row) {
                transparent += (v >>> 24) < 255 ? 1 : 0;
            }
        }
        return transparent / (double) ((long) w * h);
    }

    /** A class mask: the first band's sample values (palette indices or gray levels) must be 0, 1 or 2. */
    public static LabelMask readMask(Path file) {
        BufferedImage img = readFirst(file);
        Raster raster = img.getRaster();
        int w = img.getWidth();
        int h = img.getHeight();
        int[] row = new int[w];
        byte[] labels = new byte[w * h];
        for (int y = 0; y < h; y++) {
            raster.getSamples(0, y, w, 1, 0, row);
            for (int x = 0; x < w; x++) {
                int v = row[x];
                if (v < 0 || v >= LabelMask.CLASSES) {
                    throw new RasterFormatException(file, "mask value " + v + " at (" + x + ", " + y
                            + ") is not a class index 0.." + (LabelMask.CLASSES - 1));
                }
                labels[y * w + x] = (byte) v;
            }
        }
        return new LabelMask(w, h, labels);
    }

    /** Writes an 8-bit gray PNG atomically. */
    public static void writePng(GrayImage image, Path file) throws IOException {
        BufferedImage img = new BufferedImage(image.width(), image.height(), BufferedImage.TYPE_BYTE_GRAY);
        byte[] dst = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
        System.arraycopy(image.pixels(), 0, dst, 0, dst.length);
        writePng(img, file);
    }

    /** Writes a mask as a palette PNG (index = class) atomically: viewable, and exact for any reader. */
    public static void writeMask(LabelMask mask, Path file) throws IOException {
        BufferedImage img = new BufferedImage(mask.width(), mask.height(), BufferedImage.TYPE_BYTE_INDEXED, MASK_PALETTE);
        byte[] dst = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
        System.arraycopy(mask.labels(), 0, dst, 0, dst.length);
        writePng(img, file);
    }

    /** Writes any image as PNG atomically, with fast deflate: these files are written far more than read. */
    public static void writePng(BufferedImage img, Path file) throws IOException {
        AtomicFiles.write(file, false, out -> {
            ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
            try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
                writer.setOutput(ios);
                ImageWriteParam param = writer.getDefaultWriteParam();
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionQuality(0.75f);
                writer.write(null, new IIOImage(img, null, null), param);
            } finally {
                writer.dispose();
            }
        });
    }

    private static BufferedImage readFirst(Path file) {
        return readImages(file, false).get(0);
    }

    private static List<GrayImage> read(Path file, boolean allPages) {
        List<GrayImage> out = new ArrayList<>();
        for (BufferedImage img : readImages(file, allPages)) {
            out.add(toGray(img));
        }
        return out;
    }

    private static List<BufferedImage> readImages(Path file, boolean allPages) {
        if (!Files.isRegularFile(file)) {
            throw new RasterFormatException(file, "no such file");
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            if (in == null) {
                throw new RasterFormatException(file, "cannot be opened");
            }
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new RasterFormatException(file, "is not a PNG, JPEG or TIFF image");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, false, true);
                int pages = allPages ? reader.getNumImages(true) : 1;
                if (pages < 1) {
                    throw new RasterFormatException(file, "holds no image");
                }
                List<BufferedImage> images = new ArrayList<>(pages);
                for (int i = 0; i < pages; i++) {
                    images.add(reader.read(i));
                }
                return images;
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof RasterFormatException r) {
                throw r;
            }
            throw new RasterFormatException(file, "is corrupt or truncated (" + describe(e) + ")", e);
        }
    }

    private static String describe(Exception e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    /** Converts any decoded image to 8-bit gray without the colour-space round trip Java2D would add. */
    static GrayImage toGray(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        byte[] out = new byte[w * h];
        WritableRaster raster = img.getRaster();
        boolean singleBand = raster.getNumBands() == 1 && !(img.getColorModel() instanceof IndexColorModel);
        if (singleBand && img.getType() == BufferedImage.TYPE_BYTE_GRAY
                && raster.getSampleModel() instanceof ComponentSampleModel sm
                && sm.getScanlineStride() == w && sm.getPixelStride() == 1
                && raster.getSampleModelTranslateX() == 0 && raster.getSampleModelTranslateY() == 0
                && raster.getDataBuffer() instanceof DataBufferByte buffer && buffer.getOffset() == 0) {
            System.arraycopy(buffer.getData(), 0, out, 0, out.length);
            return new GrayImage(w, h, out);
        }
        int[] row = new int[w];
        if (singleBand) {
            // Gray of any depth (8, 16 bit): scale the sample range to 0..255.
            int bits = raster.getSampleModel().getSampleSize(0);
            int max = (1 << bits) - 1;
            for (int y = 0; y < h; y++) {
                raster.getSamples(0, y, w, 1, 0, row);
                for (int x = 0; x < w; x++) {
                    out[y * w + x] = (byte) Math.round(row[x] * 255.0 / max);
                }
            }
            return new GrayImage(w, h, out);
        }
        // Palette (including 1-bit bilevel) and colour: luminance of the sRGB colour, composited on
        // white paper where the image is transparent (a scan saved with transparent paper is not black).
        boolean alpha = img.getColorModel().hasAlpha();
        for (int y = 0; y < h; y++) {
            img.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                int rgb = row[x];
                int r = (rgb >> 16) & 0xFF;
                int g = (rgb >> 8) & 0xFF;
                int b = rgb & 0xFF;
                double lum = 0.299 * r + 0.587 * g + 0.114 * b;
                if (alpha) {
                    double a = ((rgb >>> 24) & 0xFF) / 255.0;
                    lum = lum * a + 255 * (1 - a);
                }
                out[y * w + x] = (byte) Math.round(lum);
            }
        }
        return new GrayImage(w, h, out);
    }
}
