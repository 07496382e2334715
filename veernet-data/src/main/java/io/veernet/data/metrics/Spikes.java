package io.veernet.data.metrics;

import io.veernet.data.dataset.Track;

/**
 * Spike count of an extracted curve (docs/METRICS.md): a jump of more than a quarter of the track
 * height from one column to the next that comes back within 3 columns, the signature of a
 * single-column excursion onto a speck, a grid number or the other curve. Scores count only those
 * that leave the truth ({@link #countOffTruth}).
 */
public final class Spikes {

    /** A jump larger than this share of the track height starts a spike. */
    public static final double JUMP = 0.25;
    /** A spike must come back within this many columns after it starts. */
    public static final int RETURN = 3;

    private Spikes() {
    }

    /**
     * Counts spikes in {@code rows} over the columns where {@code truthRows} is defined: a spike
     * starts at column x when rows x-1 and x are defined there and differ by more than
     * {@link #JUMP} x the track height, and counts when some column x+j, 1 &lt;= j &lt;= {@link #RETURN},
     * lies within that distance of row x-1 again; counting resumes after the return. The shape alone
     * decides (digitising has no truth; {@code truthRows} only says where the curve is).
     */
    public static int count(double[] rows, double[] truthRows, Track track) {
        return count(rows, truthRows, track, false);
    }

    /**
     * The spikes of {@link #count} that leave the truth: at the spike's first column the extracted
     * row lies more than {@link #JUMP} x the track height from the truth row there. A sharp, narrow
     * peak of the log itself (a gamma-ray spike) is drawn as a spike, and an extractor that follows
     * it is right, not wrong; the generator draws such peaks.
     */
    public static int countOffTruth(double[] rows, double[] truthRows, Track track) {
        return count(rows, truthRows, track, true);
    }

    private static int count(double[] rows, double[] truthRows, Track track, boolean offTruthOnly) {
        double limit = JUMP * track.height();
        int spikes = 0;
        int x = 1;
        while (x < rows.length) {
            double before = rows[x - 1];
            if (Double.isNaN(truthRows[x - 1]) || Double.isNaN(truthRows[x]) || Double.isNaN(before)
                    || !(Math.abs(rows[x] - before) > limit)
                    || offTruthOnly && !(Math.abs(rows[x] - truthRows[x]) > limit)) {
                x++;
                continue;
            }
            int back = -1;
            for (int j = 1; j <= RETURN && x + j < rows.length; j++) {
                if (Math.abs(rows[x + j] - before) <= limit) {
                    back = x + j;
                    break;
                }
            }
            if (back < 0) {
                x++;
            } else {
                spikes++;
                x = back + 1;
            }
        }
        return spikes;
    }
}
