package io.veernet.data.curves;

/**
 * One curve as read from a probability map: a sub-pixel row for every column.
 *
 * @param classId       the curve's mask class (1 or 2)
 * @param rows          per column, the curve's row (pixel-index units) where it is drawn; where not
 *                      {@code observed} it is interpolated from the nearest observed columns; NaN
 *                      everywhere if none was observed
 * @param observed      per column, whether the map predicted the curve there
 * @param unwrappedRows per column, the row the value lies at if the track went on past its edges: equal
 *                      to {@code rows} except on a backup (wrapped) trace, where it is one track height
 *                      (or more) beyond the edge the trace left by; this is what values are computed from
 */
public record ExtractedCurve(int classId, double[] rows, boolean[] observed, double[] unwrappedRows) {

    public ExtractedCurve {
        if (rows.length != observed.length || rows.length != unwrappedRows.length) {
            throw new IllegalArgumentException("curve " + classId + ": " + rows.length + " rows, "
                    + observed.length + " observed flags and " + unwrappedRows.length + " unwrapped rows");
        }
    }

    /** A curve with no wrapped stretch: the unwrapped rows are the rows. */
    public ExtractedCurve(int classId, double[] rows, boolean[] observed) {
        this(classId, rows, observed, rows);
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
