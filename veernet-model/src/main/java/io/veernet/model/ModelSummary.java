package io.veernet.model;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code veernet model summary --config FILE} prints: the output shape and parameter count
 * of every stage for one input size, the total, and the size of the weights in float32.
 *
 * @param config the architecture
 * @param padding the input size and the canvas it is padded to
 * @param stages stages in execution order (the last is the cropped output)
 * @param trainableParameters trainable scalars
 * @param bufferParameters non-trainable scalars saved with the weights (BatchNorm running statistics)
 */
public record ModelSummary(ModelConfig config, Padding padding, List<Stage> stages, long trainableParameters,
        long bufferParameters) {

    /**
     * One row of the summary.
     *
     * @param name child name ({@code stem}, {@code enc1}, ..., {@code head}, {@code output})
     * @param outputShape (N, C, H, W) produced by the stage
     * @param parameters trainable scalars in the stage
     */
    public record Stage(String name, Shape outputShape, long parameters) {}

    private static final double BYTES_PER_MB = 1e6;

    public ModelSummary {
        stages = List.copyOf(stages);
    }

    /**
     * Summarises {@code config} for a {@code height x width} image. Parameter shapes do not depend
     * on the image size, so this allocates the weights once and runs nothing.
     */
    public static ModelSummary of(ModelConfig config, int height, int width) {
        VeerNet net = new VeerNet(config);
        Padding padding = net.padding(height, width);
        Map<String, Shape> shapes = net.stageShapes(new Shape(1, ModelConfig.IN_CHANNELS, height, width));
        List<Stage> stages = new ArrayList<>();
        long trainable = 0;
        long buffers = 0;
        try (NDManager manager = NDManager.newBaseManager()) {
            int side = config.minInputMultiple();
            net.initialize(manager, DataType.FLOAT32, new Shape(1, ModelConfig.IN_CHANNELS, side, side));
            for (Pair<String, Block> child : net.getChildren()) {
                long count = 0;
                for (Parameter p : child.getValue().getParameters().values()) {
                    long size = p.getArray().size();
                    if (p.requiresGradient()) {
                        count += size;
                    } else {
                        buffers += size;
                    }
                }
                trainable += count;
                stages.add(new Stage(child.getKey(), shapes.get(child.getKey()), count));
            }
        }
        stages.add(new Stage("output", shapes.get("output"), 0));
        return new ModelSummary(config, padding, stages, trainable, buffers);
    }

    /** Megabytes (10^6 bytes) of the saved weights in float32, running statistics included. */
    public double megabytes() {
        return (trainableParameters + bufferParameters) * Float.BYTES / BYTES_PER_MB;
    }

    /** The summary as text, one stage per line. */
    public String render() {
        ModelConfig c = config;
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "VeerNet: depth %d, widths %d..%d, %s norm, CBAM %s, %s%n",
                c.depth(), c.width(0), c.width(c.depth()), c.norm(), c.cbam() ? "on" : "off",
                c.hasAttention()
                        ? String.format(Locale.ROOT, "attention %d layer(s) x %d dims x %d heads",
                                c.attentionLayers(), c.attentionDim(), c.attentionHeads())
                        : "no attention"));
        out.append(String.format(Locale.ROOT, "input 1 x %d x %d, padded to %d x %d (multiple of %d)%n",
                padding.height(), padding.width(), padding.paddedHeight(), padding.paddedWidth(),
                c.minInputMultiple()));
        out.append(String.format(Locale.ROOT, "%-12s %-24s %12s%n", "stage", "output shape", "parameters"));
        for (Stage s : stages) {
            out.append(String.format(Locale.ROOT, "%-12s %-24s %,12d%n", s.name(), s.outputShape(), s.parameters()));
        }
        out.append(String.format(Locale.ROOT, "total %,d trainable parameters", trainableParameters));
        if (bufferParameters > 0) {
            out.append(String.format(Locale.ROOT, " + %,d running statistics", bufferParameters));
        }
        out.append(String.format(Locale.ROOT, ", %.2f MB in float32%n", megabytes()));
        return out.toString();
    }
}
