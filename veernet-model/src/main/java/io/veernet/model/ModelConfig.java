package io.veernet.model;

/**
 * The VeerNet architecture: encoder depth and widths, the attention bottleneck, decoder attention
 * and normalisation.
 *
 * <p>The YAML loader maps snake_case keys ({@code base_width}) onto these camelCase components and
 * fills missing keys from {@link #defaults()}; every validation message starts with the snake_case
 * key so a bad config names its own line.
 *
 * @param depth number of stride-2 encoder stages; inputs are padded to a multiple of 2^depth
 * @param baseWidth channels at full resolution; stage i has {@code min(baseWidth * 2^i, maxWidth)}
 * @param maxWidth cap on the channel count of the deeper stages
 * @param attentionDim token width of the bottleneck transformer (multiple of 4 and of the heads)
 * @param attentionLayers transformer encoder layers in the bottleneck; 0 disables the bottleneck
 * @param attentionHeads heads of the multi-head self-attention
 * @param cbam whether each decoder stage ends with channel and spatial attention (CBAM)
 * @param norm {@code "group"} (GroupNorm, no running statistics) or {@code "batch"} (BatchNorm)
 * @param dropout dropout rate inside the transformer layers, in [0, 1)
 * @param input what the network reads of a scan ({@link InkInput}); configs written before it existed read as density
 */
public record ModelConfig(
        int depth,
        int baseWidth,
        int maxWidth,
        int attentionDim,
        int attentionLayers,
        int attentionHeads,
        boolean cbam,
        String norm,
        double dropout,
        InkInput input) {

    /** Input channels: ink density. */
    public static final int IN_CHANNELS = 1;

    /** Output classes: 0 background, 1 curve 1, 2 curve 2. */
    public static final int CLASSES = 3;

    /** Normalisation named by {@code norm: group}. */
    public static final String GROUP_NORM = "group";

    /** Normalisation named by {@code norm: batch}. */
    public static final String BATCH_NORM = "batch";

    public ModelConfig {
        requireBetween("depth", depth, 1, 7);
        requireBetween("base_width", baseWidth, 1, 1024);
        if (maxWidth < baseWidth || maxWidth > 4096) {
            throw new IllegalArgumentException("max_width must be between base_width (" + baseWidth
                    + ") and 4096, got " + maxWidth);
        }
        requireBetween("attention_dim", attentionDim, 4, 4096);
        requireBetween("attention_layers", attentionLayers, 0, 24);
        requireBetween("attention_heads", attentionHeads, 1, 64);
        if (attentionDim % 4 != 0) {
            // Half the channels encode the row and half the column, each as sine/cosine pairs.
            throw new IllegalArgumentException(
                    "attention_dim must be a multiple of 4 (2-D sine/cosine position code), got " + attentionDim);
        }
        if (attentionDim % attentionHeads != 0) {
            throw new IllegalArgumentException("attention_dim must be divisible by attention_heads ("
                    + attentionHeads + "), got " + attentionDim);
        }
        if (!GROUP_NORM.equals(norm) && !BATCH_NORM.equals(norm)) {
            throw new IllegalArgumentException("norm must be \"group\" or \"batch\", got "
                    + (norm == null ? "nothing" : "\"" + norm + "\""));
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
        }
        if (input == null) {
            throw new IllegalArgumentException("input must be one of " + InkInput.names() + ", got nothing");
        }
    }

    /** An architecture reading the scan as it is ({@link InkInput#DENSITY}). */
    public ModelConfig(int depth, int baseWidth, int maxWidth, int attentionDim, int attentionLayers, int attentionHeads,
                       boolean cbam, String norm, double dropout) {
        this(depth, baseWidth, maxWidth, attentionDim, attentionLayers, attentionHeads, cbam, norm, dropout, InkInput.DENSITY);
    }

    /** This architecture reading {@code v}. */
    public ModelConfig withInput(InkInput v) {
        return new ModelConfig(depth, baseWidth, maxWidth, attentionDim, attentionLayers, attentionHeads, cbam, norm, dropout, v);
    }

    /** Small-CPU defaults: four stages from 16 channels, two attention layers of width 128. */
    public static ModelConfig defaults() {
        return new ModelConfig(4, 16, 256, 128, 2, 4, false, GROUP_NORM, 0.0);
    }

    /** Height and width of the network input must be multiples of this (2^depth); inputs are padded to it. */
    public int minInputMultiple() {
        return 1 << depth;
    }

    /** Channels at a resolution level: 0 is full resolution (the stem), {@code depth} the bottleneck. */
    public int width(int level) {
        if (level < 0 || level > depth) {
            throw new IllegalArgumentException("level must be between 0 and depth (" + depth + "), got " + level);
        }
        return Math.min(baseWidth << level, maxWidth);
    }

    /** Whether the bottleneck carries transformer layers. */
    public boolean hasAttention() {
        return attentionLayers > 0;
    }

    private static void requireBetween(String key, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(
                    key + " must be between " + min + " and " + max + ", got " + value);
        }
    }
}
