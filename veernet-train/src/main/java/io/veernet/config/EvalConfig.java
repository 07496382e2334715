package io.veernet.config;

import io.veernet.data.curves.TrackerConfig;
import io.veernet.model.Tiling;

/**
 * What {@code veernet evaluate} compares.
 *
 * @param split               the dataset split to score (default test)
 * @param lawaK               LAWA: uniform weight average of the last k epoch snapshots
 * @param ensembleK           ensemble: mean softmax of the last k snapshots (k forward passes)
 * @param soup                build a greedy soup of the run's snapshots (needs the validation split)
 * @param recalibrationImages BatchNorm models: training images for the statistics pass (0 = all)
 * @param timingImages        images timed per model for the serving cost (0 = every image)
 * @param tracker             the tracked curve extractor's costs (docs/METRICS.md); also used by digitize
 * @param targetScore         time to target: a validation score (mean of the curves' median R2) each model's
 *                            first epoch at or above it is reported for, beside the final raw score (0 = only that)
 * @param spreadFloorPx       models with several forward passes: px added in quadrature to every column's spread
 *                            (the extraction's own quantisation, which no spread across passes shows)
 * @param reduction           how an input taller than the trained heights is reduced to them (evaluate and digitize)
 * @param reduceTo            rows an input taller than this is reduced to (0: the largest trained height, synth.height.max);
 *                            inputs from the smallest trained height up to it are read as they are
 * @param fullHeightData      a dataset config of logs taller than the working geometry (e.g. configs/full640.yaml; empty
 *                            for none): quickstart generates it, chooses the tracked extractor's costs for reduced inputs
 *                            on its validation split and scores its test split beside the run's own
 * @param tiling              inputs wider than {@code whole_up_to} and the window (at the working height) are predicted window by window,
 *                            blended in the overlaps (evaluate and digitize; window 0 = the whole image at once)
 */
public record EvalConfig(String split, int lawaK, int ensembleK, boolean soup, int recalibrationImages, int timingImages,
                         TrackerConfig tracker, double targetScore, double spreadFloorPx,
                         io.veernet.data.raster.Reduction reduction, int reduceTo, String fullHeightData, Tiling tiling) {

    public EvalConfig {
        if (split == null || split.isBlank()) {
            throw new IllegalArgumentException("split must name a dataset split");
        }
        if (lawaK < 1) {
            throw new IllegalArgumentException("lawa_k must be at least 1, got " + lawaK);
        }
        if (ensembleK < 1) {
            throw new IllegalArgumentException("ensemble_k must be at least 1, got " + ensembleK);
        }
        if (recalibrationImages < 0) {
            throw new IllegalArgumentException("recalibration_images must be >= 0, got " + recalibrationImages);
        }
        if (tracker == null) {
            throw new IllegalArgumentException("tracker must be given");
        }
        if (!(targetScore >= 0 && targetScore <= 1)) {
            throw new IllegalArgumentException("target_score must be between 0 (off) and 1, got " + targetScore);
        }
        if (!(spreadFloorPx >= 0) || Double.isInfinite(spreadFloorPx)) {
            throw new IllegalArgumentException("spread_floor_px must be a finite number >= 0, got " + spreadFloorPx);
        }
        if (reduction == null) {
            throw new IllegalArgumentException("reduction must be one of " + io.veernet.data.raster.Reduction.names());
        }
        if (reduceTo < 0) {
            throw new IllegalArgumentException("reduce_to must be 0 (the largest trained height) or a height in rows, got " + reduceTo);
        }
        fullHeightData = fullHeightData == null ? "" : fullHeightData.strip();
        if (tiling == null) {
            throw new IllegalArgumentException("tiling must be given ({window: 0} for the whole image)");
        }
        if (timingImages < 0) {
            throw new IllegalArgumentException("timing_images must be >= 0, got " + timingImages);
        }
    }

    /** These settings with another reduction. */
    public EvalConfig with(io.veernet.data.raster.Reduction r) {
        return new EvalConfig(split, lawaK, ensembleK, soup, recalibrationImages, timingImages, tracker, targetScore,
                spreadFloorPx, r, reduceTo, fullHeightData, tiling);
    }

    /** These settings with another tiling. */
    public EvalConfig with(Tiling t) {
        return new EvalConfig(split, lawaK, ensembleK, soup, recalibrationImages, timingImages, tracker, targetScore,
                spreadFloorPx, reduction, reduceTo, fullHeightData, t);
    }

    /** These settings reducing taller inputs to {@code rows} (0: the largest trained height). */
    public EvalConfig reducingTo(int rows) {
        return new EvalConfig(split, lawaK, ensembleK, soup, recalibrationImages, timingImages, tracker, targetScore,
                spreadFloorPx, reduction, rows, fullHeightData, tiling);
    }

    /**
     * Whole image up to 2,048 working columns (a 16,384-column scan at 640 rows), 640-column windows
     * overlapping by 128 beyond: chosen on configs/long80.yaml's validation split (whole reads best,
     * 640:128 best of the windows) and by peak memory at 12,800 and 50,000 columns (docs/REPRODUCING.md).
     */
    public static final Tiling DEFAULT_TILING = new Tiling(640, 128, 2048);

    public static EvalConfig defaults() {
        return new EvalConfig("test", 5, 5, true, 0, 0, TrackerConfig.defaults(), 0, 0.5, io.veernet.data.raster.Reduction.AREA,
                0, "", DEFAULT_TILING);
    }
}
