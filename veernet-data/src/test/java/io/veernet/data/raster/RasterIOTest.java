package io.veernet.data.raster;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferUShort;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RasterIOTest {

    @TempDir
    Path dir;

    /** A small gray test card: a gradient with a dark diagonal, so any shift or scaling shows. */
    static GrayImage card(int w, int h) {
        byte[] p = new byte[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                p[y * w + x] = (byte) (x == y ? 10 : 60 + (x * 190) / w);
            }
        }
        return new GrayImage(w, h, p);
    }

    /** An RGBA PNG with transparent paper reads as white paper with its opaque ink, not as a black page. */
    @Test
    void transparentPaperIsCompositedOnWhite(@TempDir Path tmp) throws IOException {
        BufferedImage img = new BufferedImage(8, 4, BufferedImage.TYPE_INT_ARGB);
        for (int x = 0; x < 8; x++) {
            img.setRGB(x, 0, 0x00000000);           // transparent black: paper
            img.setRGB(x, 1, 0xFF202020);           // opaque dark ink
            img.setRGB(x, 2, 0x80000000);           // half-transparent black
            img.setRGB(x, 3, 0x00FFFFFF);           // transparent white
        }
        Path f = tmp.resolve("rgba.png");
        ImageIO.write(img, "png", f.toFile());
        GrayImage g = RasterIO.readGray(f);
        for (int x = 0; x < 8; x++) {
            assertEquals(255, g.pixels()[x] & 0xFF);
            assertEquals(0x20, g.pixels()[8 + x] & 0xFF);
            assertEquals(127, g.pixels()[16 + x] & 0xFF, 1);
            assertEquals(255, g.pixels()[24 + x] & 0xFF);
        }
        // Three rows of four have alpha below 255: the share digitize flags.
        RasterIO.Page page = RasterIO.readPagesChecked(f).get(0);
        assertEquals(0.75, page.transparentShare(), 1e-12);
        assertArrayEquals(g.pixels(), page.gray().pixels());
        RasterIO.writePng(g, tmp.resolve("gray.png"));
        assertEquals(0, RasterIO.readPagesChecked(tmp.resolve("gray.png")).get(0).transparentShare());
    }

    @Test
    void grayPngRoundTripsExactly() throws IOException {
        GrayImage img = card(37, 23);
        Path f = dir.resolve("a.png");
        RasterIO.writePng(img, f);
        assertArrayEquals(img.pixels(), RasterIO.readGray(f).pixels());
    }

    @Test
    void maskPngStoresClassIndicesAndShowsColours() throws IOException {
        byte[] labels = new byte[6 * 4];
        labels[5] = 1;
        labels[7] = 2;
        LabelMask mask = new LabelMask(6, 4, labels);
        Path f = dir.resolve("m.png");
        RasterIO.writeMask(mask, f);
        assertArrayEquals(labels, RasterIO.readMask(f).labels());
        BufferedImage seen = ImageIO.read(f.toFile());
        assertEquals(0xFFFFFF, seen.getRGB(0, 0) & 0xFFFFFF, "background shows white");
        assertEquals(0x000000, seen.getRGB(5, 0) & 0xFFFFFF, "curve 1 shows black");
    }

    @Test
    void eightBitTiffReads() throws IOException {
        GrayImage img = card(40, 30);
        Path f = dir.resolve("gray8.tif");
        writeTiff(f, List.of(toBuffered(img)), "LZW");
        assertArrayEquals(img.pixels(), RasterIO.readGray(f).pixels());
    }

    @Test
    void sixteenBitTiffIsScaledToEightBits() throws IOException {
        int w = 20;
        int h = 10;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_USHORT_GRAY);
        short[] data = ((DataBufferUShort) img.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < data.length; i++) {
            data[i] = (short) (i * 65535 / (data.length - 1));
        }
        Path f = dir.resolve("gray16.tif");
        writeTiff(f, List.of(img), "None");
        GrayImage g = RasterIO.readGray(f);
        assertEquals(0, g.get(0, 0));
        assertEquals(255, g.get(w - 1, h - 1));
        int mid = g.get(0, h / 2);
        assertTrue(Math.abs(mid - 127) <= 2, "middle value " + mid);
    }

    @Test
    void bilevelCcittG4TiffReadsAsBlackAndWhite() throws IOException {
        int w = 64;
        int h = 16;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_BINARY);
        for (int x = 0; x < w; x++) {
            for (int y = 0; y < h; y++) {
                img.setRGB(x, y, y == x % h ? 0x000000 : 0xFFFFFF);
            }
        }
        Path f = dir.resolve("scan-g4.tif");
        writeTiff(f, List.of(img), "CCITT T.6");
        GrayImage g = RasterIO.readGray(f);
        for (int x = 0; x < w; x++) {
            for (int y = 0; y < h; y++) {
                assertEquals(y == x % h ? 0 : 255, g.get(x, y), "pixel " + x + "," + y);
            }
        }
    }

    @Test
    void multiPageTiffGivesEveryPage() throws IOException {
        Path f = dir.resolve("pages.tif");
        writeTiff(f, List.of(toBuffered(card(30, 10)), toBuffered(card(50, 12))), "LZW");
        List<GrayImage> pages = RasterIO.readPages(f);
        assertEquals(2, pages.size());
        assertEquals(50, pages.get(1).width());
        assertArrayEquals(card(50, 12).pixels(), pages.get(1).pixels());
    }

    @Test
    void colourImagesBecomeGrayByLuminance() throws IOException {
        BufferedImage rgb = new BufferedImage(3, 1, BufferedImage.TYPE_INT_RGB);
        rgb.setRGB(0, 0, 0xFF0000);
        rgb.setRGB(1, 0, 0x00FF00);
        rgb.setRGB(2, 0, 0xFFFFFF);
        Path f = dir.resolve("rgb.png");
        ImageIO.write(rgb, "png", f.toFile());
        GrayImage g = RasterIO.readGray(f);
        assertEquals(76, g.get(0, 0));
        assertEquals(150, g.get(1, 0));
        assertEquals(255, g.get(2, 0));
    }

    @Test
    void jpegScansRead() throws IOException {
        Path f = dir.resolve("scan.jpg");
        ImageIO.write(toBuffered(card(64, 32)), "jpeg", f.toFile());
        GrayImage g = RasterIO.readGray(f);
        assertEquals(64, g.width());
        assertEquals(32, g.height());
        // Lossy, but the dark diagonal stays dark and the paper light.
        assertTrue(g.get(5, 5) < 80 && g.get(60, 2) > 150, g.get(5, 5) + " / " + g.get(60, 2));
    }

    @Test
    void corruptAndTruncatedFilesGiveOneErrorNamingTheFile() throws IOException {
        Path garbage = dir.resolve("garbage.png");
        Files.write(garbage, "this is not an image".getBytes());
        RasterFormatException e1 = assertThrows(RasterFormatException.class, () -> RasterIO.readGray(garbage));
        assertTrue(e1.getMessage().startsWith(garbage.toString()), e1.getMessage());

        Path good = dir.resolve("good.png");
        RasterIO.writePng(card(200, 100), good);
        byte[] bytes = Files.readAllBytes(good);
        Path truncated = dir.resolve("truncated.png");
        Files.write(truncated, Arrays.copyOf(bytes, bytes.length / 2));
        RasterFormatException e2 = assertThrows(RasterFormatException.class, () -> RasterIO.readGray(truncated));
        assertTrue(e2.getMessage().startsWith(truncated.toString()) && e2.getMessage().contains("corrupt or truncated"),
                e2.getMessage());

        Path missing = dir.resolve("missing.png");
        RasterFormatException e3 = assertThrows(RasterFormatException.class, () -> RasterIO.readGray(missing));
        assertTrue(e3.getMessage().contains("no such file"), e3.getMessage());
    }

    @Test
    void maskWithOutOfRangeClassIsRefused() throws IOException {
        Path f = dir.resolve("bad-mask.png");
        RasterIO.writePng(card(10, 10), f);
        RasterFormatException e = assertThrows(RasterFormatException.class, () -> RasterIO.readMask(f));
        assertTrue(e.getMessage().contains("not a class index"), e.getMessage());
    }

    static BufferedImage toBuffered(GrayImage g) {
        BufferedImage img = new BufferedImage(g.width(), g.height(), BufferedImage.TYPE_BYTE_GRAY);
        System.arraycopy(g.pixels(), 0, ((DataBufferByte) img.getRaster().getDataBuffer()).getData(), 0, g.pixels().length);
        return img;
    }

    static void writeTiff(Path f, List<BufferedImage> pages, String compression) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("tiff").next();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(f.toFile())) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            if (!"None".equals(compression)) {
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionType(compression);
            }
            writer.prepareWriteSequence(null);
            for (BufferedImage page : pages) {
                writer.writeToSequence(new IIOImage(page, null, null), param);
            }
            writer.endWriteSequence();
        } finally {
            writer.dispose();
        }
    }
}
