package io.veernet.eval;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.veernet.data.curves.ClassProbabilities;
import io.veernet.data.curves.ExtractedCurve;
import io.veernet.data.curves.Extractor;
import io.veernet.data.curves.TrackerConfig;
import io.veernet.data.dataset.Sample;
import io.veernet.data.metrics.SpreadCoverage;

import java.util.ArrayList;
import java.util.List;

/**
 * The uncertainty check of a model with several forward passes (SWAG samples, ensemble members):
 * per native column, the prediction read off the mean map against the truth, with the standard
 * deviation of the curves each pass gives on its own as the claimed error (docs/METRICS.md).
 */
final class SpreadCheck {

    /**
     * A model's spread figures.
     *
     * @param floorPx      the floor added in quadrature to every raw spread, px ({@code eval.spread_floor_px})
     * @param calibrations per curve, the scale and floor whose intervals cover the truth closest to nominal on the
     *                     run's own validation split (scale 1 and {@code floorPx} when it cannot be read)
     * @param calibratedOn where the calibrations were chosen
     * @param raw          per curve, the figures at scale 1 and {@code floorPx}
     * @param calibrated   per curve, the figures at its calibration
     * @param band         one test log with its prediction and spread, for the picture
     */
    record Spread(double floorPx, List<SpreadChoice.Curve> calibrations, String calibratedOn, List<SpreadCoverage.Summary> raw,
                  List<SpreadCoverage.Summary> calibrated, @JsonIgnore Band band) {
    }

    /** One log's prediction rows and spread per curve (index 0: curve 1), px. */
    record Band(Sample sample, List<double[]> rows, List<double[]> sd) {
    }

    private final Extractor extractor;
    private final java.util.function.Function<Sample, TrackerConfig> tracker;
    private final SpreadCoverage coverage = new SpreadCoverage();
    private Band first;

    SpreadCheck(Extractor extractor, java.util.function.Function<Sample, TrackerConfig> tracker) {
        this.extractor = extractor;
        this.tracker = tracker;
    }

    /** Adds one image: the passes' own maps and their mean. */
    void add(Sample sample, List<ClassProbabilities> passes, ClassProbabilities mean) {
        var track = sample.truth().track();
        TrackerConfig costs = tracker.apply(sample);
        List<ExtractedCurve> predicted = extractor.extract(mean, track, costs);
        List<List<ExtractedCurve>> own = new ArrayList<>();
        for (ClassProbabilities p : passes) {
            own.add(extractor.extract(p, track, costs));
        }
        List<double[]> rows = new ArrayList<>();
        List<double[]> sds = new ArrayList<>();
        for (ExtractedCurve e : predicted) {
            int k = e.classId();
            double[] truth = sample.truth().curve(k).row();
            double[] sd = new double[truth.length];
            for (int x = 0; x < truth.length; x++) {
                sd[x] = sd(own, k, x);
                if (!Double.isNaN(truth[x])) {
                    coverage.add(k, e.rows()[x] - truth[x], sd[x]);
                }
            }
            rows.add(e.rows());
            sds.add(sd);
        }
        if (first == null) {
            first = new Band(sample, rows, sds);
        }
    }

    /** The sample standard deviation of the passes' rows in column {@code x} (NaN with fewer than two). */
    private static double sd(List<List<ExtractedCurve>> own, int classId, int x) {
        double sum = 0;
        double sumSq = 0;
        int n = 0;
        for (List<ExtractedCurve> curves : own) {
            double v = curves.get(classId - 1).rows()[x];
            if (!Double.isNaN(v)) {
                sum += v;
                sumSq += v * v;
                n++;
            }
        }
        return n < 2 ? Double.NaN : Math.sqrt(Math.max(0, (sumSq - sum * sum / n) / (n - 1)));
    }

    SpreadCoverage coverage() {
        return coverage;
    }

    /** The figures raw (scale 1, {@code floorPx}) and at each curve's calibration. */
    Spread result(double floorPx, List<SpreadChoice.Curve> calibrations, String calibratedOn) {
        List<SpreadCoverage.Summary> raw = new ArrayList<>();
        List<SpreadCoverage.Summary> calibrated = new ArrayList<>();
        for (int c = 1; c <= 2; c++) {
            SpreadChoice.Curve k = calibrations.get(c - 1);
            raw.add(coverage.summary(c, 1, floorPx));
            calibrated.add(coverage.summary(c, k.scale(), k.floor(), k.halfWidths()));
        }
        return new Spread(floorPx, List.copyOf(calibrations), calibratedOn, raw, calibrated, first);
    }
}
