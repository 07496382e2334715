package io.veernet.data.las;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The content of a LAS 2.0 file (one line per depth step): header entries and the data as columns.
 *
 * <p>VERS 2.0 and WRAP NO are implied. The ~WELL entries STRT, STOP, STEP and NULL are not held:
 * they follow from the data (see {@link #start()}, {@link #stop()}, {@link #step()}) and from the
 * writer's NULL value. Missing data values are NaN; the index (first) column has none.
 *
 * @param well       ~WELL entries other than STRT, STOP, STEP and NULL, in file order (e.g. WELL, UWI, SRC)
 * @param curves     ~CURVE entries, the index curve (DEPT) first, one per column
 * @param parameters ~PARAMETER entries
 * @param columns    {@code columns[i]} holds curve i's value at every depth step
 */
public record LasFile(List<LasEntry> well, List<LasEntry> curves, List<LasEntry> parameters, double[][] columns) {

    /** ~WELL mnemonics the file derives from its data and NULL value. */
    public static final Set<String> DERIVED_WELL_MNEMONICS = Set.of("STRT", "STOP", "STEP", "NULL");

    /** Relative tolerance within which depth increments count as one constant STEP. */
    static final double STEP_TOLERANCE = 1e-6;

    public LasFile {
        well = List.copyOf(well);
        curves = List.copyOf(curves);
        parameters = List.copyOf(parameters);
        for (LasEntry e : well) {
            if (DERIVED_WELL_MNEMONICS.contains(e.mnemonic().toUpperCase(Locale.ROOT))) {
                throw new IllegalArgumentException("well entry " + e.mnemonic()
                        + " is derived from the data; leave it out");
            }
        }
        if (curves.isEmpty()) {
            throw new IllegalArgumentException("a LAS file needs at least the index curve");
        }
        Set<String> seen = new HashSet<>();
        for (LasEntry c : curves) {
            if (!seen.add(c.mnemonic().toUpperCase(Locale.ROOT))) {
                throw new IllegalArgumentException("curve " + c.mnemonic() + " is listed twice");
            }
        }
        if (columns.length != curves.size()) {
            throw new IllegalArgumentException(curves.size() + " curves but " + columns.length + " data columns");
        }
        columns = columns.clone();
        for (int i = 0; i < columns.length; i++) {
            columns[i] = columns[i].clone();
            if (columns[i].length != columns[0].length) {
                throw new IllegalArgumentException("column " + curves.get(i).mnemonic() + " has " + columns[i].length
                        + " values but " + curves.get(0).mnemonic() + " has " + columns[0].length);
            }
            for (double v : columns[i]) {
                if (Double.isInfinite(v) || (i == 0 && Double.isNaN(v))) {
                    throw new IllegalArgumentException("column " + curves.get(i).mnemonic() + " holds " + v
                            + (i == 0 ? "; index values must be finite" : "; values must be finite or NaN"));
                }
            }
        }
    }

    /** Depth steps (data lines). */
    public int rows() {
        return columns[0].length;
    }

    /** A copy of the data, one array per curve. */
    @Override
    public double[][] columns() {
        double[][] copy = columns.clone();
        for (int i = 0; i < copy.length; i++) {
            copy[i] = copy[i].clone();
        }
        return copy;
    }

    /** A copy of curve i's column. */
    public double[] column(int i) {
        return columns[i].clone();
    }

    /** A copy of the column of the curve with this mnemonic (case-insensitive). */
    public double[] column(String mnemonic) {
        for (int i = 0; i < curves.size(); i++) {
            if (curves.get(i).mnemonic().equalsIgnoreCase(mnemonic)) {
                return column(i);
            }
        }
        throw new IllegalArgumentException("no curve " + mnemonic);
    }

    /** First index value (STRT); NaN without data. */
    public double start() {
        return rows() == 0 ? Double.NaN : columns[0][0];
    }

    /** Last index value (STOP); NaN without data. */
    public double stop() {
        return rows() == 0 ? Double.NaN : columns[0][rows() - 1];
    }

    /**
     * The constant index increment (STEP), signed; 0, as LAS 2.0 prescribes, when the increments
     * differ by more than a relative {@value #STEP_TOLERANCE} or there are fewer than two rows.
     */
    public double step() {
        return regularStep(columns[0]);
    }

    /** The constant increment of {@code index} within {@link #STEP_TOLERANCE}, else 0 (also below two values). */
    static double regularStep(double[] index) {
        int n = index.length;
        if (n < 2) {
            return 0;
        }
        double step = (index[n - 1] - index[0]) / (n - 1);
        for (int i = 1; i < n; i++) {
            if (Math.abs(index[i] - index[i - 1] - step) > STEP_TOLERANCE * Math.abs(step)) {
                return 0;
            }
        }
        return step;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LasFile f && well.equals(f.well) && curves.equals(f.curves)
                && parameters.equals(f.parameters) && Arrays.deepEquals(columns, f.columns);
    }

    @Override
    public int hashCode() {
        return 31 * curves.hashCode() + Arrays.deepHashCode(columns);
    }

    @Override
    public String toString() {
        return "LasFile[" + curves.stream().map(LasEntry::mnemonic).toList() + ", " + rows() + " rows, "
                + well.size() + " well and " + parameters.size() + " parameter entries]";
    }
}
