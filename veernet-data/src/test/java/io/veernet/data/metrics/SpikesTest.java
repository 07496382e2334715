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

    @Test
    void followingAPeakOfTheLogItselfIsNoSpikeLeavingTheTruthIs() {
        double[] truth = new double[30];
        Arrays.fill(truth, 20);
        truth[8] = 36;                          // a one-column peak of the log: the truth spikes
        double[] following = truth.clone();
        double[] speck = truth.clone();
        speck[8] = 20;
        speck[20] = 3;                          // a column on a speck far from the truth
        assertEquals(1, Spikes.count(following, truth, TRACK), "by shape alone, a followed peak is a spike");
        assertEquals(0, Spikes.countOffTruth(following, truth, TRACK));
        assertEquals(1, Spikes.countOffTruth(speck, truth, TRACK));
    }
}
