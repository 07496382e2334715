package io.veernet.eval;

import io.veernet.train.EpochRecord;

import java.util.List;

/**
 * Everything {@code veernet evaluate} found, as written to report.json (and rendered to report.md).
 *
 * @param run            the run folder
 * @param checkpoint     the checkpoint evaluated (file name), with its epoch and step
 * @param dataset        the dataset folder
 * @param split          the split scored
 * @param images         images scored
 * @param command        the command line that made the report
 * @param configName     the run's config name
 * @param config         the run's resolved config (YAML)
 * @param normalisation  how averaged models' normalisation statistics were handled
 * @param swaStartEpoch  the first SWA epoch (1-based), or 0 without SWA
 * @param models         every model's figures, raw first
 * @param history        the run's per-epoch history (training loss, validation scores)
 * @param pictures       the PNG files written beside the report
 * @param targetScore    the configured time-to-target score (0, or absent in older reports = only the final raw score)
 * @param postHoc        the post-hoc EMA sweep and the length chosen, or null when the run kept no power EMAs
 * @param trackerCosts   where the tracked extractor's costs came from (null in older reports)
 */
public record EvaluationReport(String run, String checkpoint, long epoch, long step, String dataset, String split,
                               int images, String command, String configName, String config, String normalisation,
                               int swaStartEpoch, List<ModelResult> models, List<EpochRecord> history,
                               List<String> pictures, Double targetScore, PostHocChoice postHoc,
                               String trackerCosts) {

    public EvaluationReport {
        // Reports written before time to target have no target; 0 means "only the final raw score".
        targetScore = targetScore == null ? 0.0 : targetScore;
    }

    public ModelResult model(String name) {
        return models.stream().filter(m -> m.name().equals(name)).findFirst().orElse(null);
    }
}
