package io.veernet.data.metrics;

/**
 * One curve's scores summarised over the images of a split.
 *
 * @param classId   the curve's mask class (1 or 2)
 * @param images    images scored (including those with undefined values)
 * @param r2        R^2 on the resampling grid
 * @param nativeR2  R^2 over the native columns
 * @param mae       mean absolute error, normalised units
 * @param rmse      root-mean-square error, normalised units
 * @param maePixels mean absolute error, pixels
 * @param rmsePixels root-mean-square error, pixels
 * @param coverage  share of truth-defined columns observed
 * @param spikes    spikes per image
 * @param valueMae  value MAE in scale spans, over the wrapped logs only
 */
public record CurveSummary(int classId, int images, Summary r2, Summary nativeR2, Summary mae, Summary rmse,
                           Summary maePixels, Summary rmsePixels, Summary coverage, Summary spikes, Summary valueMae) {

    /** Spikes summed over the split's images. */
    public long spikeTotal() {
        return spikes.count() == 0 ? 0 : Math.round(spikes.mean() * spikes.count());
    }
}
