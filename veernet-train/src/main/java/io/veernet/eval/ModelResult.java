package io.veernet.eval;

import io.veernet.data.curves.Extractor;
import io.veernet.data.metrics.CurveSummary;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.veernet.data.metrics.ClassOverlap;
import io.veernet.data.metrics.IdentitySwaps;

import java.util.List;

/**
 * One model's figures over the evaluated split.
 *
 * @param name          label (raw, best, ema-0.999, swa, lawa-5, soup, ensemble-5)
 * @param kind          raw, best, ema, swa, lawa, soup or ensemble
 * @param description   how the model was made
 * @param iou           IoU per class (background, curve 1, curve 2), pixels summed over the split
 * @param f1            F1 per class, likewise
 * @param extractions   the curve figures with each extractor, centroid (the baseline) first
 * @param cost          what serving the model costs
 * @param spread        with several forward passes, whether their spread covers the truth; null otherwise
 */
public record ModelResult(String name, String kind, String description, double[] iou, double[] f1,
                          List<Extraction> extractions, ServingCost cost, SpreadCheck.Spread spread) {

    /**
     * The curve figures of one model read with one extractor.
     *
     * @param extractor how the curves were read off the probability map
     * @param curves    per-curve summaries over images (R-squared on the 300-point grid and native, MAE, RMSE,
     *                  coverage, spikes, value MAE on wrapped logs)
     * @param swapRate  identity-swap rate per curve (index 0: curve 1) and overall (index 2)
     * @param imageR2   per image, the mean over its curves of the grid R-squared, a missed curve counting -1
     */
    public record Extraction(Extractor extractor, List<CurveSummary> curves, double[] swapRate, double[] imageR2,
                             @JsonIgnore List<ImageFigures> images) {

        public CurveSummary curve(int classId) {
            return curves.stream().filter(c -> c.classId() == classId).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no curve " + classId));
        }
    }

    /**
     * One image's figures, kept so that a bootstrap can resample images: its pixel overlap, each
     * curve's grid R-squared (NaN where undefined) and its identity swaps.
     */
    public record ImageFigures(ClassOverlap overlap, double[] r2, IdentitySwaps swaps) {
    }

    public Extraction extraction(Extractor extractor) {
        return extractions.stream().filter(e -> e.extractor() == extractor).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no " + extractor.label() + " figures"));
    }

    /** Curve {@code classId}'s summary with the given extractor. */
    public CurveSummary curve(Extractor extractor, int classId) {
        return extraction(extractor).curve(classId);
    }
}
