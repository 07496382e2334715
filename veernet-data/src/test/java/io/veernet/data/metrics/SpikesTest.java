package io.veernet.data.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.veernet.data.dataset.Track;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

class SpikesTest {

    private static final Track TRACK = new Track(0, 40);

    @Test
    void countsJumpsThatComeBackWithinThreeColumns() {
        double[] rows = new double[30];
        Arrays.fill(rows, 20);
        rows[5] = 35;                           // one column out and back: a spike
        rows[10] = 2;                           // three columns out and back: a spike
        rows[11] = 3;
        rows[12] = 2;
        for (int x = 20; x < 30; x++) {
            rows[x] = 38;                       // a step that stays: not a spike
        }
        rows[16] = 29;                          // 9 px: below a quarter of the track
        double[] truth = new double[30];
        assertEquals(2, Spikes.count(rows, truth, TRACK));
    }

    @Test
    void fourColumnExcursionsAndUndefinedTruthDoNotCount() {
        double[] rows = new double[20];
        Arrays.fill(rows, 20);
        for (int x = 4; x < 8; x++) {
            rows[x] = 2;                        // out for 4 columns
        }
        rows[14] = 38;
        double[] truth = new double[20];
        truth[14] = Double.NaN;                 // the curve is not there: nothing to count
        assertEquals(0, Spikes.count(rows, truth, TRACK));
    }
}
