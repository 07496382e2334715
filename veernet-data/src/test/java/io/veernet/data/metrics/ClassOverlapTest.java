package io.veernet.data.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.veernet.data.raster.LabelMask;

class ClassOverlapTest {

    // Image A, 3 x 2: truth 0 0 1 / 0 2 2, prediction 0 1 1 / 0 2 0.
    private static final LabelMask TRUTH_A = mask(3, 2, 0, 0, 1, 0, 2, 2);
    private static final LabelMask PRED_A = mask(3, 2, 0, 1, 1, 0, 2, 0);
    // Image B, 6 x 1: all background, one pixel predicted as curve 1.
    private static final LabelMask TRUTH_B = mask(6, 1, 0, 0, 0, 0, 0, 0);
    private static final LabelMask PRED_B = mask(6, 1, 0, 0, 0, 0, 0, 1);

    @Test
    void countsOneImageByHand() {
        ClassOverlap overlap = new ClassOverlap();
        overlap.add(TRUTH_A, PRED_A);
        assertEquals(new ClassCounts(2, 1, 1), overlap.counts(0));
        assertEquals(new ClassCounts(1, 1, 0), overlap.counts(1));
        assertEquals(new ClassCounts(1, 0, 1), overlap.counts(2));
        assertEquals(0.5, overlap.iou(0), 1e-12);
        assertEquals(2.0 / 3, overlap.f1(0), 1e-12);
        assertEquals(1, overlap.confusion(2, 0));
    }

    @Test
    void sumsCountsOverImagesInsteadOfAveragingRatios() {
        ClassOverlap overlap = new ClassOverlap();
        overlap.add(TRUTH_A, PRED_A);
        overlap.add(TRUTH_B, PRED_B.labels());
        // Background: TP 2 + 5, FP 1 + 0, FN 1 + 1 -> 7 / 10 (the mean of per-image IoUs would be 0.667).
        assertEquals(0.7, overlap.iou(0), 1e-12);
        assertEquals(14.0 / 17, overlap.f1(0), 1e-12);
        // Curve 1: TP 1, FP 1 + 1, FN 0.
        assertEquals(1.0 / 3, overlap.iou(1), 1e-12);
        assertEquals(0.5, overlap.f1(1), 1e-12);
        assertEquals(0.5, overlap.iou(2), 1e-12);
    }

    @Test
    void mergeEqualsAddingEverythingToOne() {
        ClassOverlap first = new ClassOverlap();
        first.add(TRUTH_A, PRED_A);
        ClassOverlap second = new ClassOverlap();
        second.add(TRUTH_B, PRED_B);
        first.merge(second);
        ClassOverlap all = new ClassOverlap();
        all.add(TRUTH_A, PRED_A);
        all.add(TRUTH_B, PRED_B);
        for (int k = 0; k < 3; k++) {
            assertEquals(all.counts(k), first.counts(k));
        }
    }

    @Test
    void classNeverSeenHasUndefinedScores() {
        ClassOverlap overlap = new ClassOverlap();
        overlap.add(TRUTH_B, TRUTH_B);
        assertEquals(1.0, overlap.iou(0));
        assertTrue(Double.isNaN(overlap.iou(2)));
        assertTrue(Double.isNaN(overlap.f1(2)));
    }

    @Test
    void sizeMismatchIsAClearError() {
        ClassOverlap overlap = new ClassOverlap();
        var e = assertThrows(IllegalArgumentException.class, () -> overlap.add(TRUTH_A, mask(2, 3, 0, 0, 0, 0, 0, 0)));
        assertTrue(e.getMessage().contains("2 x 3") && e.getMessage().contains("3 x 2"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> overlap.add(TRUTH_A, new byte[5]));
    }

    @Test
    void labelOutOfRangeIsRejectedWithoutCountingTheImage() {
        ClassOverlap overlap = new ClassOverlap();
        LabelMask bad = mask(3, 2, 0, 0, 1, 0, 2, 3);
        var e = assertThrows(IllegalArgumentException.class, () -> overlap.add(TRUTH_A, bad));
        assertTrue(e.getMessage().contains("x=2, y=1"), e.getMessage());
        assertEquals(new ClassCounts(0, 0, 0), overlap.counts(0));
    }

    private static LabelMask mask(int width, int height, int... labels) {
        byte[] b = new byte[labels.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) labels[i];
        }
        return new LabelMask(width, height, b);
    }
}
