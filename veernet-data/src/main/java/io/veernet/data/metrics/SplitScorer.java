package io.veernet.data.metrics;

import io.veernet.data.curves.ClassProbabilities;
import io.veernet.data.curves.ExtractedCurve;
import io.veernet.data.curves.Extractor;
import io.veernet.data.curves.TrackerConfig;
import io.veernet.data.dataset.Sample;

import java.util.ArrayList;
import java.util.List;

/**
 * Scores one model's predictions over a split, image by image: pixel overlap per class, per-curve
 * scores and identity swaps, all as docs/METRICS.md defines them, with curves read by one extractor.
 */
public final class SplitScorer {

    private final Extractor extractor;
    private final java.util.function.Function<Sample, TrackerConfig> tracker;

    private final ClassOverlap overlap = new ClassOverlap();
    private final SplitCurveScores curves = new SplitCurveScores();
    private final IdentitySwaps swaps = new IdentitySwaps();
    private final CurveScorer scorer = new CurveScorer();

    /** A scorer with the baseline (centroid) extractor. */
    public SplitScorer() {
        this(Extractor.CENTROID, TrackerConfig.defaults());
    }

    public SplitScorer(Extractor extractor, TrackerConfig tracker) {
        this(extractor, s -> tracker);
    }

    /** A scorer whose tracked extractor takes each image's costs from {@code tracker} (e.g. by whether it is reduced). */
    public SplitScorer(Extractor extractor, java.util.function.Function<Sample, TrackerConfig> tracker) {
        this.extractor = extractor;
        this.tracker = tracker;
    }

    public Extractor extractor() {
        return extractor;
    }

    /** What one image gave: its curve scores and the extracted curves (for overlays). */
    public record ImageResult(Sample sample, List<CurveScore> scores, List<ExtractedCurve> extracted) {
    }

    /** Adds one image's prediction and returns its scores. */
    public ImageResult add(Sample sample, ClassProbabilities probabilities) {
        overlap.add(sample.mask(), probabilities.argmax());
        return addCurves(sample, read(sample, probabilities));
    }

    /** The curves this scorer's extractor reads off one image's probabilities (no state: safe from any thread). */
    public List<ExtractedCurve> read(Sample sample, ClassProbabilities probabilities) {
        // The truth's track is the one the metrics measure against; the tracker unwraps across it.
        return extractor.extract(probabilities, sample.truth().track(), tracker.apply(sample));
    }

    /** Adds the curves {@link #read} gave for one image (its pixel overlap is not counted) and returns its scores. */
    public ImageResult addCurves(Sample sample, List<ExtractedCurve> extracted) {
        List<CurveScore> scores = new ArrayList<>();
        for (ExtractedCurve e : extracted) {
            CurveScore s = scorer.score(sample.truth().curve(e.classId()), sample.truth().track(), e);
            curves.add(s);
            scores.add(s);
        }
        swaps.add(sample.truth(), extracted);
        return new ImageResult(sample, scores, extracted);
    }

    public ClassOverlap overlap() {
        return overlap;
    }

    public SplitCurveScores curves() {
        return curves;
    }

    public IdentitySwaps swaps() {
        return swaps;
    }
}
