package io.veernet.data.dataset;

import io.veernet.data.raster.GrayImage;
import io.veernet.data.raster.LabelMask;

/** One loaded sample: the scan, its class mask and its truth. */
public record Sample(SampleRef ref, GrayImage image, LabelMask mask, Truth truth) {
}
