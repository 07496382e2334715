package io.veernet.data.metrics;

import io.veernet.data.curves.ExtractedCurve;
import io.veernet.data.dataset.CurveTruth;
import io.veernet.data.dataset.Track;

/**
 * Scores an extracted curve against its truth (DESIGN.md, "Per-curve R-squared").
 *
 * <p>Truth and prediction are resampled by {@link SplineResampler} onto a grid spanning the columns
 * where the truth is defined, converted to track positions (0 at the bottom edge, 1 at the top, one
 * unit per track height), and compared there. The native R^2 compares the same positions column by
 * column without resampling.
 */
public final class CurveScorer {

    private final int gridPoints;

    /** A scorer on the standard 300-point grid. */
    public CurveScorer() {
        this(SplineResampler.DEFAULT_POINTS);
    }

    public CurveScorer(int gridPoints) {
        if (gridPoints < 2) {
            throw new IllegalArgumentException("the grid needs at least 2 points, got " + gridPoints);
        }
        this.gridPoints = gridPoints;
    }

    public CurveScore score(CurveTruth truth, Track track, ExtractedCurve extracted) {
        if (truth.classId() != extracted.classId()) {
            throw new IllegalArgumentException("truth is curve " + truth.classId() + " but the extracted curve is "
                    + extracted.classId());
        }
        CurveScore s = score(truth.classId(), truth.row(), extracted.rows(), extracted.observed(), track);
        if (Double.isNaN(s.coverage())) {
            return s;
        }
        // Spikes are counted on the unwrapped rows: crossing the track edge on a backup trace is not one.
        return new CurveScore(s.classId(), s.r2(), s.nativeR2(), s.mae(), s.rmse(), s.maePixels(), s.rmsePixels(),
                s.coverage(), Spikes.countOffTruth(extracted.unwrappedRows(), truth.row(), track), valueMae(truth, track, extracted));
    }

    /**
     * Mean |truth position - extracted unwrapped position| over truth-defined columns, in scale spans,
     * where the truth's values leave the scale somewhere (a wrapped log); NaN elsewhere.
     */
    static double valueMae(CurveTruth truth, Track track, ExtractedCurve extracted) {
        double[] value = truth.value();
        boolean wrapped = false;
        for (double v : value) {
            double p = Double.isNaN(v) ? Double.NaN : truth.scale().toPosition(v);
            if (p < 0 || p > 1) {
                wrapped = true;
                break;
            }
        }
        if (!wrapped) {
            return Double.NaN;
        }
        double sum = 0;
        int n = 0;
        for (int c = 0; c < value.length; c++) {
            double e = extracted.unwrappedRows()[c];
            if (!Double.isNaN(value[c]) && !Double.isNaN(e)) {
                sum += Math.abs(truth.scale().toPosition(value[c]) - track.positionOf(e));
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /**
     * @param truthRows     per column, the true row; NaN where the curve is absent
     * @param predictedRows per column, the extracted row (gap-filled); NaN where there is none
     * @param observed      per column, whether the extractor saw the curve there
     */
    public CurveScore score(int classId, double[] truthRows, double[] predictedRows, boolean[] observed, Track track) {
        int width = truthRows.length;
        if (predictedRows.length != width || observed.length != width) {
            throw new IllegalArgumentException("curve " + classId + ": truth has " + width + " columns, prediction "
                    + predictedRows.length + " rows and " + observed.length + " observed flags");
        }
        int defined = 0;
        int seen = 0;
        for (int c = 0; c < width; c++) {
            if (!Double.isNaN(truthRows[c])) {
                defined++;
                if (observed[c]) {
                    seen++;
                }
            }
        }
        if (defined == 0) {
            return new CurveScore(classId, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                    Double.NaN, Double.NaN, Double.NaN);
        }
        double[] grid = SplineResampler.grid(truthRows, gridPoints);
        Agreement onGrid = Agreement.between(
                positions(SplineResampler.resample(truthRows, grid), track),
                positions(SplineResampler.resample(predictedRows, grid), track));

        double[] nativeTruth = new double[defined];
        double[] nativePredicted = new double[defined];
        for (int c = 0, i = 0; c < width; c++) {
            if (!Double.isNaN(truthRows[c])) {
                nativeTruth[i] = track.positionOf(truthRows[c]);
                nativePredicted[i] = track.positionOf(predictedRows[c]);
                i++;
            }
        }
        double nativeR2 = Agreement.between(nativeTruth, nativePredicted).r2();

        double height = track.height();
        return new CurveScore(classId, onGrid.r2(), nativeR2, onGrid.mae(), onGrid.rmse(),
                onGrid.mae() * height, onGrid.rmse() * height, (double) seen / defined,
                Spikes.countOffTruth(predictedRows, truthRows, track), Double.NaN);
    }

    private static double[] positions(double[] rows, Track track) {
        double[] p = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            p[i] = track.positionOf(rows[i]);
        }
        return p;
    }
}
