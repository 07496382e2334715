package io.veernet.data.synth;

import io.veernet.data.dataset.Truth;
import io.veernet.data.raster.GrayImage;
import io.veernet.data.raster.LabelMask;

/** One generated log: the scan, its class mask and its truth. */
public record SyntheticLog(GrayImage image, LabelMask mask, Truth truth) {
}
