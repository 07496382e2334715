package io.veernet.data.curves;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads each curve class's row per column off a class-probability map (DESIGN.md, "Curve extraction").
 *
 * <p>For column x and curve class k the row is the centroid of p_k weighted by p_k, taken over the
 * pixels of the column whose argmax is k; this lands between pixel centres. A column with no such
 * pixel is unobserved and filled linearly between the nearest observed columns on each side, or
 * held at the nearest observed row beyond the first or last one.
 */
public final class CurveExtractor {

    private CurveExtractor() {
    }

    /**
     * Extracts every curve class of the map.
     *
     * @return one curve per class 1 .. C-1, in class order (element i is class i + 1)
     */
    public static List<ExtractedCurve> extract(ClassProbabilities map) {
        int classes = map.classes();
        int width = map.width();
        int plane = map.height() * width;
        float[] p = map.data();
        // Per class and column: sum of p_k and of p_k * row over the argmax-k pixels. One pass in
        // memory order (row by row within each class plane) keeps all C planes streaming.
        double[] mass = new double[classes * width];
        double[] moment = new double[classes * width];
        for (int y = 0; y < map.height(); y++) {
            int rowStart = y * width;
            for (int x = 0; x < width; x++) {
                int k = map.argmaxAt(rowStart + x);
                if (k != 0) {
                    double pk = p[k * plane + rowStart + x];
                    mass[k * width + x] += pk;
                    moment[k * width + x] += pk * y;
                }
            }
        }
        List<ExtractedCurve> curves = new ArrayList<>(classes - 1);
        for (int k = 1; k < classes; k++) {
            double[] rows = new double[width];
            boolean[] observed = new boolean[width];
            for (int x = 0; x < width; x++) {
                double m = mass[k * width + x];
                observed[x] = m > 0;
                rows[x] = observed[x] ? moment[k * width + x] / m : Double.NaN;
            }
            fillGaps(rows, observed);
            curves.add(new ExtractedCurve(k, rows, observed));
        }
        return List.copyOf(curves);
    }

    /** Fills unobserved entries linearly between observed neighbours, constant beyond the ends. */
    static void fillGaps(double[] rows, boolean[] observed) {
        int previous = -1;
        for (int x = 0; x < rows.length; x++) {
            if (!observed[x]) {
                continue;
            }
            if (previous < 0) {
                Arrays.fill(rows, 0, x, rows[x]);
            } else {
                double slope = (rows[x] - rows[previous]) / (x - previous);
                for (int g = previous + 1; g < x; g++) {
                    rows[g] = rows[previous] + slope * (g - previous);
                }
            }
            previous = x;
        }
        if (previous >= 0) {
            Arrays.fill(rows, previous + 1, rows.length, rows[previous]);
        }
    }
}
