package io.veernet.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.veernet.model.blocks.AttentionBottleneck;
import io.veernet.model.blocks.Convs;
import io.veernet.model.blocks.DecoderStage;
import io.veernet.model.blocks.NamedBlock;
import io.veernet.model.blocks.ResidualBlock;
import io.veernet.model.tensor.NamedParameters;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * VeerNet, a U-Net-style segmenter for raster well logs: ink density (N, 1, H, W) in, logits for
 * background, curve 1 and curve 2 (N, 3, H, W) out, for any H and W.
 *
 * <p>Layout, with w(i) = min(baseWidth * 2^i, maxWidth):
 * <pre>
 * stem        residual block 1 -> w(0), full resolution
 * enc1..encD  residual blocks with stride 2: w(i-1) -> w(i) at 1/2^i
 * bottleneck  transformer layers over the 1/2^D positions (absent when attention_layers is 0)
 * decD..dec1  upsample to 1/2^(i-1), join the skip features, residual block (+ CBAM): -> w(i-1)
 * head        1 x 1 convolution w(0) -> 3 classes
 * </pre>
 * The input is padded with paper-white to a multiple of 2^D ({@link #padding}) and the logits are
 * cropped back, so the output always has the input's size and padded pixels never reach the loss.
 *
 * <p>Parameter names are the keys of {@link #getParameters()}: child names joined by "_", e.g.
 * {@code enc2_conv1_weight}, {@code dec1_block_norm2_gamma}, {@code bottleneck_layer1_attn_qkv_weight},
 * {@code head_bias}. They are the same in every process for a given config.
 */
public class VeerNet extends NamedBlock {

    private final ModelConfig config;
    private final ResidualBlock stem;
    private final List<ResidualBlock> encoders = new ArrayList<>();
    private final AttentionBottleneck bottleneck;
    private final List<DecoderStage> decoders = new ArrayList<>(); // decoders.get(i - 1) is dec{i}
    private final Conv2d head;
    private Map<String, Parameter> namedParameters;

    /** Builds the (uninitialised) network for {@code config}. */
    public VeerNet(ModelConfig config) {
        this.config = config;
        String norm = config.norm();
        int depth = config.depth();
        stem = child("stem", new ResidualBlock(ModelConfig.IN_CHANNELS, config.width(0), 1, norm));
        for (int i = 1; i <= depth; i++) {
            encoders.add(child("enc" + i, new ResidualBlock(config.width(i - 1), config.width(i), 2, norm)));
        }
        bottleneck = config.hasAttention()
                ? child("bottleneck", new AttentionBottleneck(config.width(depth), config.attentionDim(),
                        config.attentionLayers(), config.attentionHeads(), (float) config.dropout()))
                : null;
        DecoderStage[] stages = new DecoderStage[depth];
        for (int i = depth; i >= 1; i--) {
            stages[i - 1] = child("dec" + i, new DecoderStage(config.width(i - 1), config.width(i - 1), config.cbam(), norm));
        }
        Collections.addAll(decoders, stages);
        head = child("head", Convs.conv1x1(ModelConfig.CLASSES, 1, true));
    }

    /** The architecture this network was built from. */
    public ModelConfig config() {
        return config;
    }

    /** The canvas a {@code height x width} image is padded to; its validity mask marks the image. */
    public Padding padding(int height, int width) {
        return Padding.toMultiple(height, width, config.minInputMultiple());
    }

    /**
     * Parameters of the initialised network by name ({@link NamedParameters#of}), in a stable
     * order, computed once ({@link #getParameters()} builds a new list on every call). The
     * {@link Parameter} objects stay valid when arrays are reloaded.
     */
    public Map<String, Parameter> namedParameters() {
        if (namedParameters == null) {
            namedParameters = NamedParameters.of(this);
        }
        return namedParameters;
    }

    /** Number of trainable scalars (BatchNorm running statistics excluded). */
    public long trainableParameterCount() {
        long count = 0;
        for (Parameter p : namedParameters().values()) {
            if (p.requiresGradient()) {
                count += p.getArray().size();
            }
        }
        return count;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.head();
        Shape shape = x.getShape();
        if (shape.dimension() != 4 || shape.get(1) != ModelConfig.IN_CHANNELS) {
            throw new IllegalArgumentException("VeerNet expects ink density of shape (N, 1, H, W), got " + shape);
        }
        Padding padding = padding(Math.toIntExact(shape.get(2)), Math.toIntExact(shape.get(3)));
        NDArray canvas = padding.pad(x);

        // skips.get(i) is the level-i feature map (the stem's at 0), kept until its decoder uses it;
        // every other intermediate is closed as soon as it is consumed (autograd holds its own
        // references), which is what lets a 640 x 12,800 scan through on a CPU.
        List<NDArray> skips = new ArrayList<>();
        NDArray features = apply(stem, ps, canvas, training);
        if (canvas != x) {
            canvas.close();
        }
        for (ResidualBlock encoder : encoders) {
            skips.add(features);
            features = apply(encoder, ps, features, training);
        }
        if (bottleneck != null) {
            try (NDArray coarse = features) {
                features = apply(bottleneck, ps, coarse, training);
            }
        }
        for (int level = config.depth(); level >= 1; level--) {
            try (NDArray coarse = features; NDArray skip = skips.get(level - 1)) {
                features = decoders.get(level - 1).forward(ps, new NDList(coarse, skip), training).singletonOrThrow();
            }
        }
        NDArray logits;
        try (NDArray last = features) {
            logits = apply(head, ps, last, training);
        }
        NDArray cropped = padding.crop(logits);
        if (cropped != logits) {
            logits.close(); // the crop is a view: the storage lives on through it
        }
        return new NDList(cropped);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape x = inputShapes[0];
        return new Shape[] {new Shape(x.get(0), ModelConfig.CLASSES, x.get(2), x.get(3))};
    }

    /**
     * The output shape of every stage for an input of shape (N, 1, H, W), in execution order,
     * computed from the architecture alone (nothing is allocated or run), plus the cropped
     * {@code output}.
     */
    public Map<String, Shape> stageShapes(Shape input) {
        Map<String, Shape> shapes = new LinkedHashMap<>();
        traverse(canvas(input), (name, stage, in) -> {
            Shape out = stage.getOutputShapes(in)[0];
            shapes.put(name, out);
            return out;
        });
        shapes.put("output", getOutputShapes(new Shape[] {input})[0]);
        return shapes;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        traverse(canvas(inputShapes[0]), (name, stage, in) -> {
            stage.initialize(manager, dataType, in);
            return stage.getOutputShapes(in)[0];
        });
    }

    /** The shape of the padded input. */
    private Shape canvas(Shape input) {
        Padding padding = padding(Math.toIntExact(input.get(2)), Math.toIntExact(input.get(3)));
        return new Shape(input.get(0), input.get(1), padding.paddedHeight(), padding.paddedWidth());
    }

    /** Something done to each stage, given its input shapes, returning its output shape. */
    @FunctionalInterface
    private interface StageVisitor {
        Shape visit(String name, Block stage, Shape... inputs);
    }

    /** Walks the stages in execution order, wiring the skip shapes as the forward pass does. */
    private Shape traverse(Shape canvas, StageVisitor visitor) {
        List<Shape> skips = new ArrayList<>();
        Shape current = visitor.visit("stem", stem, canvas);
        for (int i = 1; i <= encoders.size(); i++) {
            skips.add(current);
            current = visitor.visit("enc" + i, encoders.get(i - 1), current);
        }
        if (bottleneck != null) {
            current = visitor.visit("bottleneck", bottleneck, current);
        }
        for (int level = config.depth(); level >= 1; level--) {
            current = visitor.visit("dec" + level, decoders.get(level - 1), current, skips.get(level - 1));
        }
        return visitor.visit("head", head, current);
    }
}
