package io.veernet.data.raster;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InkStretchTest {

    private static final int W = 100;
    private static final int H = 50;

    /** White paper with a 2-row trace of darkness {@code heavy} and a 1-row trace of darkness {@code light}. */
    private static GrayImage twoTraces(int heavy, int light) {
        byte[] px = new byte[W * H];
        java.util.Arrays.fill(px, (byte) 255);
        for (int x = 0; x < W; x++) {
            px[10 * W + x] = (byte) (255 - heavy);
            px[11 * W + x] = (byte) (255 - heavy);
            px[30 * W + x] = (byte) (255 - light);
        }
        return new GrayImage(W, H, px);
    }

    private static int darkness(GrayImage g, int x, int y) {
        return 255 - g.get(x, y);
    }

    @Test
    void faintAndDarkPrintsOfOneLogReadAlike() {
        GrayImage dark = InkStretch.stretch(twoTraces(240, 120));
        GrayImage faint = InkStretch.stretch(twoTraces(120, 60));
        assertEquals(InkStretch.TARGET, darkness(dark, 5, 10));
        assertEquals(InkStretch.TARGET, darkness(faint, 5, 10));
        assertEquals(darkness(dark, 5, 30), darkness(faint, 5, 30), 1, "the lighter trace keeps its ratio to the heavier");
        assertEquals(0, darkness(faint, 5, 20), "paper stays paper");
    }

    @Test
    void nearlyBlankPaperIsNotBlownUpToInk() {
        GrayImage specks = InkStretch.stretch(twoTraces(20, 10));
        assertTrue(darkness(specks, 5, 10) <= 20 * InkStretch.TARGET / InkStretch.MIN_REFERENCE + 1,
                "scaled by at most TARGET / MIN_REFERENCE: " + darkness(specks, 5, 10));
    }
}
