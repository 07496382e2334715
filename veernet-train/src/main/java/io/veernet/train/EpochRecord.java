package io.veernet.train;

import java.util.Map;

/**
 * One line of a run's history: what an epoch did and, when it was validated, each model's scores
 * (keys: raw, ema-DECAY, swa).
 *
 * @param epoch        1-based epoch
 * @param step         global step at its end
 * @param lr           learning rate of its last step
 * @param trainLoss    mean training loss over its images
 * @param imagesPerSecond training throughput (validation excluded)
 * @param seconds      wall time of the training part
 * @param dataWaitShare share of the training time the loop waited for decoded images
 * @param validation   scores by model, empty when not validated
 */
public record EpochRecord(int epoch, long step, double lr, double trainLoss, double imagesPerSecond, double seconds,
                          double dataWaitShare, Map<String, ValidationScore> validation) {

    public EpochRecord {
        validation = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(validation));
    }
}
