package io.veernet.train;

import io.veernet.data.dataset.SampleRef;

/**
 * One decoded training image, ready to become tensors: ink density (255 - gray) / 255 and class
 * labels, both row-major height x width.
 */
public record TrainingExample(SampleRef ref, int height, int width, float[] ink, long[] labels) {
}
