package io.veernet.model.blocks;

import ai.djl.nn.Block;
import ai.djl.nn.norm.BatchNorm;

/** Builds the normalisation layer a config names: {@code group} or {@code batch}. */
public final class Normalization {

    private Normalization() {}

    /**
     * A normaliser for {@code channels} channels.
     *
     * @param kind {@code "group"}: {@link GroupNorm}, statistics per sample, nothing to recalibrate;
     *     {@code "batch"}: DJL {@link BatchNorm} over the channel axis, whose running mean and
     *     variance must be recomputed for averaged weights
     */
    public static Block create(String kind, int channels) {
        return switch (kind) {
            case "group" -> new GroupNorm(channels);
            case "batch" -> BatchNorm.builder().build();
            default -> throw new IllegalArgumentException("norm must be \"group\" or \"batch\", got \"" + kind + "\"");
        };
    }
}
