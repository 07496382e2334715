package io.veernet.data.dataset;

import java.util.Arrays;

/**
 * The exact answer for one curve of one image, column by column.
 *
 * @param classId    the mask class this curve is drawn with (1 or 2)
 * @param mnemonic   log mnemonic, e.g. GR
 * @param unit       physical unit, e.g. API
 * @param scale      how values map across the track
 * @param style      how the trace is drawn (e.g. "solid", "dashed"), for people and reports
 * @param row        per column, the row of the curve's centre line; NaN where the curve is absent
 * @param value      per column, the physical value; NaN where the curve is absent
 * @param ink        per column, whether the trace is actually inked there (false in dash gaps and
 *                   stroke breaks, where {@code row} still holds the curve's true position)
 */
public record CurveTruth(int classId, String mnemonic, String unit, ValueScale scale, String style,
                         double[] row, double[] value, boolean[] ink) {

    public CurveTruth {
        if (row.length != value.length || row.length != ink.length) {
            throw new IllegalArgumentException("curve " + mnemonic + ": row, value and ink lengths differ ("
                    + row.length + ", " + value.length + ", " + ink.length + ")");
        }
    }

    public int width() {
        return row.length;
    }

    /** Whether the curve exists in column c (it may still be uninked there). */
    public boolean present(int c) {
        return !Double.isNaN(row[c]);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CurveTruth t && classId == t.classId && mnemonic.equals(t.mnemonic)
                && unit.equals(t.unit) && scale.equals(t.scale) && style.equals(t.style)
                && Arrays.equals(row, t.row) && Arrays.equals(value, t.value) && Arrays.equals(ink, t.ink);
    }

    @Override
    public int hashCode() {
        return 31 * mnemonic.hashCode() + Arrays.hashCode(row);
    }

    @Override
    public String toString() {
        return "CurveTruth[class=" + classId + ", " + mnemonic + " " + unit + ", " + style + ", width=" + row.length + "]";
    }
}
