package io.veernet.data.curves;

/**
 * One curve as read from a probability map: a sub-pixel row for every column.
 *
 * @param classId  the curve's mask class (1 or 2)
 * @param rows     per column, the curve's row (pixel-index units); where not {@code observed} it is
 *                 interpolated from the nearest observed columns; NaN everywhere if none was observed
 * @param observed per column, whether the map predicted the curve there
 */
public record ExtractedCurve(int classId, double[] rows, boolean[] observed) {

    public ExtractedCurve {
        if (rows.length != observed.length) {
            throw new IllegalArgumentException("curve " + classId + ": " + rows.length + " rows but "
                    + observed.length + " observed flags");
        }
    }

    public int width() {
        return rows.length;
    }

    /** Share of all columns where the curve was observed (0 for an empty curve). */
    public double coverage() {
        int seen = 0;
        for (boolean o : observed) {
            if (o) {
                seen++;
            }
        }
        return rows.length == 0 ? 0 : (double) seen / rows.length;
    }
}
