package io.veernet.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import io.veernet.data.curves.ClassProbabilities;
import io.veernet.data.curves.CurveExtractor;
import io.veernet.data.curves.ExtractedCurve;
import io.veernet.data.raster.GrayImage;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TilingTest {

    @Test
    void windowsCoverTheImageOnThePoolingGridWithTheOverlapAsked() {
        Tiling tiling = new Tiling(250, 60);
        List<Tiling.Tile> tiles = tiling.tiles(1003, 16);
        assertEquals(0, tiles.get(0).start());
        assertEquals(1003, tiles.get(tiles.size() - 1).end());
        int[] covering = new int[1003];
        for (int i = 0; i < tiles.size(); i++) {
            Tiling.Tile t = tiles.get(i);
            assertEquals(0, t.start() % 16, "window " + i + " starts off the pooling grid: " + t);
            assertTrue(t.width() >= 240 && t.width() < 240 + 16, "window " + i + " is " + t.width() + " wide");
            float[] w = Tiling.weights(tiles, i);
            for (int x = 0; x < w.length; x++) {
                assertTrue(w[x] > 0 && w[x] <= 1);
                covering[t.start() + x]++;
            }
            if (i > 0) {
                assertTrue(tiles.get(i - 1).end() - t.start() >= 60, "overlap of windows " + (i - 1) + " and " + i);
            }
        }
        for (int x = 0; x < covering.length; x++) {
            assertTrue(covering[x] >= 1, "column " + x + " is in no window");
        }
        // Two windows cross-fade linearly: their weights sum to one across the overlap.
        float[] first = Tiling.weights(tiles, 0);
        float[] second = Tiling.weights(tiles, 1);
        for (int x = tiles.get(1).start(); x < tiles.get(0).end(); x++) {
            assertEquals(1f, first[x] + second[x - tiles.get(1).start()], 1e-5f, "weights at column " + x);
        }
        assertEquals(List.of(new Tiling.Tile(0, 240)), tiling.tiles(240, 16));
        assertEquals(List.of(new Tiling.Tile(0, 5000)), Tiling.WHOLE.tiles(5000, 16));
    }

    /** Up to {@code wholeUpTo} columns an image is read whole; beyond, in windows as without it. */
    @Test
    void imagesUpToWholeUpToAreReadWholeAndLongerOnesInWindows() {
        Tiling auto = new Tiling(640, 128, 2048);
        assertEquals(List.of(new Tiling.Tile(0, 2048)), auto.tiles(2048, 16));
        assertEquals(new Tiling(640, 128).tiles(2064, 16), auto.tiles(2064, 16));
        assertTrue(auto.tiles(2064, 16).size() > 3);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Tiling(640, 128, -1)).getMessage().contains("-1"));
    }

    @Test
    void badSettingsAreRefusedWithTheirValues() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Tiling(100, 60)).getMessage().contains("60"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Tiling.parse("640")).getMessage().contains("'640'"));
        assertEquals(new Tiling(640, 128), Tiling.parse("640:128"));
        assertEquals(Tiling.WHOLE, Tiling.parse("off"));
        assertEquals(new Tiling(640, 128, 2048), Tiling.parse("640:128:2048"));
    }

    /** BatchNorm at inference and no attention: every output column depends only on a bounded neighbourhood. */
    @Test
    void aLocalNetworkGivesTheWholeImageAnswerAwayFromWindowEdges() {
        ModelConfig local = new ModelConfig(3, 8, 32, 32, 0, 2, false, ModelConfig.BATCH_NORM, 0.0);
        GrayImage image = SyntheticLog.draw(48, 768).image();
        Tiling tiling = new Tiling(320, 128);
        try (NDManager manager = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(3);
            try (Predictor p = Predictor.create(local, manager)) {
                ClassProbabilities whole = p.probabilities(image);
                ClassProbabilities tiled = p.probabilities(image, tiling);
                List<Tiling.Tile> tiles = tiling.tiles(image.width(), local.minInputMultiple());
                assertTrue(tiles.size() >= 3, tiles.toString());
                double far = 0;
                double near = 0;
                for (int x = 0; x < image.width(); x++) {
                    double d = 0;
                    for (int c = 0; c < ModelConfig.CLASSES; c++) {
                        for (int y = 0; y < image.height(); y++) {
                            d = Math.max(d, Math.abs(whole.get(c, y, x) - tiled.get(c, y, x)));
                        }
                    }
                    if (distanceToAnInnerEdge(tiles, x) >= 48) {
                        far = Math.max(far, d);
                    } else {
                        near = Math.max(near, d);
                    }
                }
                System.out.printf("tiled vs whole: max |dp| %.2e away from window edges, %.2e near them%n", far, near);
                assertTrue(far < 1e-4, "max probability difference away from window edges " + far);
                List<ExtractedCurve> a = CurveExtractor.extract(whole);
                List<ExtractedCurve> b = CurveExtractor.extract(tiled);
                for (int k = 0; k < a.size(); k++) {
                    double sum = 0;
                    int n = 0;
                    for (int x = 0; x < image.width(); x++) {
                        if (a.get(k).observed()[x] && b.get(k).observed()[x] && distanceToAnInnerEdge(tiles, x) >= 48) {
                            sum += Math.abs(a.get(k).rows()[x] - b.get(k).rows()[x]);
                            n++;
                        }
                    }
                    System.out.printf("curve %d: mean |drow| %.4f px over %d columns away from window edges%n", k + 1, sum / n, n);
                    assertTrue(n > image.width() / 3, "curve " + (k + 1) + " observed in " + n + " columns");
                    assertTrue(sum / n < 0.05, "curve " + (k + 1) + " mean row difference " + sum / n);
                }
            }
        }
    }

    /** A scan that fits one window is predicted in exactly one pass, attention and GroupNorm included. */
    @Test
    void aScanInsideOneWindowIsPredictedExactlyAsAWhole() {
        GrayImage image = SyntheticLog.draw(32, 200).image();
        try (NDManager manager = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(4);
            try (Predictor p = Predictor.create(TestNets.small(ModelConfig.GROUP_NORM, true), manager)) {
                float[] whole = p.probabilities(image).data();
                float[] tiled = p.probabilities(image, new Tiling(256, 64)).data();
                org.junit.jupiter.api.Assertions.assertArrayEquals(whole, tiled);
                ClassProbabilities wide = p.probabilities(SyntheticLog.draw(32, 600).image(), new Tiling(256, 64));
                for (int x = 0; x < wide.width(); x += 7) {
                    double s = 0;
                    for (int c = 0; c < ModelConfig.CLASSES; c++) {
                        s += wide.get(c, 10, x);
                    }
                    assertEquals(1, s, 1e-5, "blended probabilities at column " + x);
                }
            }
        }
    }

    /** Columns from {@code x} to the nearest edge of a window that is not an image edge, among windows covering x. */
    private static int distanceToAnInnerEdge(List<Tiling.Tile> tiles, int x) {
        int best = Integer.MAX_VALUE;
        int width = tiles.get(tiles.size() - 1).end();
        for (Tiling.Tile t : tiles) {
            if (x >= t.start() && x < t.end()) {
                if (t.start() > 0) {
                    best = Math.min(best, x - t.start());
                }
                if (t.end() < width) {
                    best = Math.min(best, t.end() - 1 - x);
                }
            }
        }
        return best;
    }
}
