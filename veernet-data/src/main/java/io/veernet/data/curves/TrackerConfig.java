package io.veernet.data.curves;

/**
 * The costs the tracked extractor trades against each other (docs/METRICS.md, "Tracked extraction").
 *
 * <p>Costs are per column and unitless; a path's cost is their sum. Jumps are measured in
 * fractions of the map height so that one set of costs serves every working geometry.
 *
 * @param floor         a pixel joins a class's candidate segment when that class's probability is at least this
 * @param maxCandidates candidate segments kept per column (the strongest by mass); the joint state has
 *                      (2(n + 2))^2 members with a track, so this bounds the work per column
 * @param classWeight   cost of a curve sitting on a segment, times (1 - the segment's mean probability of the curve's class)
 * @param absent        cost per column of a curve being absent
 * @param switchCost    cost of each change between absent and present
 * @param jumpWeight    cost per map height of the vertical gap between consecutive segments of a curve
 * @param jumpSlack     pixels of gap that cost nothing (blur, skew, dots)
 * @param jumpDrift     across an absent stretch, free gap per absent column, in map heights
 * @param jumpCap       the most one jump may cost: a teleport is not worse than this
 * @param shareCost     cost per column of both curves on overlapping segments (they may meet, not merge for long)
 * @param wrapCost      cost of continuing a trace across the track's far edge (a backup trace)
 * @param missWeight    added to {@code absent} per column, times the strongest mean probability of the curve's
 *                      class among the column's segments: above 0, leaving a dotted trace's dots unread
 *                      costs more than leaving bare paper
 * @param backupCost    per column, cost of a curve on a segment of its backup (one span past the scale's right
 *                      end), times the segment's position on the scale: a backup runs low on the track, and a
 *                      reading that stays a span off after a short excursion pays over every later column
 */
public record TrackerConfig(double floor, int maxCandidates, double classWeight, double absent, double switchCost,
                            double jumpWeight, double jumpSlack, double jumpDrift, double jumpCap, double shareCost,
                            double wrapCost,
                            // Choices recorded before this cost existed were chosen without it: absent reads as 0.
                            @com.fasterxml.jackson.annotation.JsonSetter(nulls = com.fasterxml.jackson.annotation.Nulls.AS_EMPTY)
                            double missWeight,
                            // Choices recorded before this cost existed read as 0 (the level then floats).
                            @com.fasterxml.jackson.annotation.JsonSetter(nulls = com.fasterxml.jackson.annotation.Nulls.AS_EMPTY)
                            double backupCost) {

    public TrackerConfig {
        if (!(floor > 0 && floor < 1)) {
            throw new IllegalArgumentException("floor must lie in (0, 1), got " + floor);
        }
        if (maxCandidates < 1 || maxCandidates > 8) {
            throw new IllegalArgumentException("max_candidates must be 1 to 8, got " + maxCandidates);
        }
        nonNegative("class_weight", classWeight);
        nonNegative("absent", absent);
        nonNegative("switch_cost", switchCost);
        nonNegative("jump_weight", jumpWeight);
        nonNegative("jump_slack", jumpSlack);
        nonNegative("jump_drift", jumpDrift);
        nonNegative("jump_cap", jumpCap);
        nonNegative("share_cost", shareCost);
        nonNegative("wrap_cost", wrapCost);
        nonNegative("miss_weight", missWeight);
        nonNegative("backup_cost", backupCost);
    }

    private static void nonNegative(String key, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(key + " must be a finite number >= 0, got " + v);
        }
    }

    /** These costs with {@code miss_weight} set to {@code v}. */
    public TrackerConfig withMissWeight(double v) {
        return new TrackerConfig(floor, maxCandidates, classWeight, absent, switchCost, jumpWeight, jumpSlack, jumpDrift,
                jumpCap, shareCost, wrapCost, v, backupCost);
    }

    /** Default {@code backup_cost}. */
    static final double BACKUP_COST = 0.1;

    /** The documented defaults (docs/METRICS.md). */
    public static TrackerConfig defaults() {
        return new TrackerConfig(0.25, 5, 1.0, 0.6, 0.25, 100, 0, 0.001, 8, 0.5, 1.0, 0, BACKUP_COST);
    }
}
