package io.veernet.data.metrics;

import java.util.List;

import io.veernet.data.curves.ExtractedCurve;
import io.veernet.data.dataset.Truth;

/**
 * Identity-swap rate over a split: how often an extracted curve sits nearer the other curve's truth
 * than its own (DESIGN.md, "Identity-swap rate").
 *
 * <p>A column is eligible when both truths are defined there and lie more than {@code minSeparation}
 * pixels apart. Each eligible column gives one (curve, column) pair per curve whose extracted row is
 * defined (the gap-filled row, as delivered; a curve never observed has none). A pair is a swap when
 * |extracted - other truth| &lt; |extracted - own truth|; ties are not swaps. Rates are swaps over
 * pairs, counted over all images added, not averaged per image.
 *
 * <p>Not thread-safe: give each thread its own and {@link #merge} them.
 */
public final class IdentitySwaps {

    /** Truths closer than this many pixels are too near to tell apart (DESIGN.md: 3 px). */
    public static final double DEFAULT_MIN_SEPARATION = 3;

    private final double minSeparation;
    private final long[] pairs = new long[2];
    private final long[] swaps = new long[2];

    public IdentitySwaps() {
        this(DEFAULT_MIN_SEPARATION);
    }

    public IdentitySwaps(double minSeparation) {
        if (!(minSeparation >= 0)) {
            throw new IllegalArgumentException("minimum separation must be >= 0, got " + minSeparation);
        }
        this.minSeparation = minSeparation;
    }

    /** Adds one image: its truth and the extracted curves of classes 1 and 2 (in any order). */
    public void add(Truth truth, List<ExtractedCurve> extracted) {
        add(truth.curve(1).row(), truth.curve(2).row(), rowsOf(extracted, 1), rowsOf(extracted, 2));
    }

    /** Adds one image given per-column rows; NaN marks an absent truth or extraction. */
    public void add(double[] truth1, double[] truth2, double[] extracted1, double[] extracted2) {
        int width = truth1.length;
        if (truth2.length != width || extracted1.length != width || extracted2.length != width) {
            throw new IllegalArgumentException("column counts differ: truths " + width + " and " + truth2.length
                    + ", extracted " + extracted1.length + " and " + extracted2.length);
        }
        for (int c = 0; c < width; c++) {
            double t1 = truth1[c];
            double t2 = truth2[c];
            // NaN fails the comparison, so absent truths are skipped too.
            if (!(Math.abs(t1 - t2) > minSeparation)) {
                continue;
            }
            tally(0, extracted1[c], t1, t2);
            tally(1, extracted2[c], t2, t1);
        }
    }

    private void tally(int curve, double extracted, double own, double other) {
        if (Double.isNaN(extracted)) {
            return;
        }
        pairs[curve]++;
        if (Math.abs(extracted - other) < Math.abs(extracted - own)) {
            swaps[curve]++;
        }
    }

    public void merge(IdentitySwaps other) {
        if (other.minSeparation != minSeparation) {
            throw new IllegalArgumentException("cannot merge swap counts taken at " + other.minSeparation
                    + " px into counts taken at " + minSeparation + " px");
        }
        for (int i = 0; i < 2; i++) {
            pairs[i] += other.pairs[i];
            swaps[i] += other.swaps[i];
        }
    }

    /** Eligible (curve, column) pairs of curve {@code classId} (1 or 2) so far. */
    public long pairs(int classId) {
        return pairs[index(classId)];
    }

    /** Swapped pairs of curve {@code classId} (1 or 2) so far. */
    public long swaps(int classId) {
        return swaps[index(classId)];
    }

    /** Share of curve {@code classId}'s pairs that are swapped; NaN with no pair. */
    public double rate(int classId) {
        return ratio(swaps(classId), pairs(classId));
    }

    /** Share of all (curve, column) pairs that are swapped; NaN with no pair. */
    public double overallRate() {
        return ratio(swaps[0] + swaps[1], pairs[0] + pairs[1]);
    }

    private static double ratio(long part, long whole) {
        return whole == 0 ? Double.NaN : (double) part / whole;
    }

    private static int index(int classId) {
        if (classId != 1 && classId != 2) {
            throw new IllegalArgumentException("identity swaps concern curves 1 and 2, not " + classId);
        }
        return classId - 1;
    }

    private static double[] rowsOf(List<ExtractedCurve> extracted, int classId) {
        for (ExtractedCurve e : extracted) {
            if (e.classId() == classId) {
                return e.rows();
            }
        }
        throw new IllegalArgumentException("no extracted curve of class " + classId);
    }
}
