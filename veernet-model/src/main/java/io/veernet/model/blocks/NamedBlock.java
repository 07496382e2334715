package io.veernet.model.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * A composite block whose children carry plain names, so parameters read {@code enc1_conv1_weight}.
 *
 * <p>{@link AbstractBlock#addChildBlock} prefixes a running number ({@code 02enc1}); here the
 * names are chosen by the architecture and are unique by construction. Other components
 * (optimizer state, EMA, checkpoints, SafeTensors) key weights by these names, so they must stay
 * stable: change a child name only with a weights-format migration.
 */
public abstract class NamedBlock extends AbstractBlock {

    /** Registers {@code block} under the readable {@code name}. */
    protected final <B extends Block> B child(String name, B block) {
        if (children.contains(name)) {
            throw new IllegalStateException(getClass().getSimpleName() + " already has a child named " + name);
        }
        children.add(name, block);
        return block;
    }

    /** Runs a single-input, single-output child. */
    protected static NDArray apply(Block block, ParameterStore ps, NDArray x, boolean training) {
        return block.forward(ps, new NDList(x), training).singletonOrThrow();
    }

    /** Initialises a child for {@code input} and returns the shape it produces. */
    protected static Shape initialize(Block child, NDManager manager, DataType dataType, Shape input) {
        child.initialize(manager, dataType, input);
        return child.getOutputShapes(new Shape[] {input})[0];
    }

    /** The output shape of a single-input child, without initialising it. */
    protected static Shape outputShape(Block child, Shape input) {
        return child.getOutputShapes(new Shape[] {input})[0];
    }

    /**
     * The block tree with the children's names. DJL's own description strips two characters off
     * every child name (its running number), which would garble the plain names used here.
     */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(getClass().getSimpleName());
        if (isInitialized()) {
            text.append(' ').append(Arrays.stream(getInputShapes()).map(Shape::toString)
                    .collect(Collectors.joining(" + ")));
        }
        text.append(" {\n");
        for (Pair<String, Block> child : getChildren()) {
            String line = child.getKey() + ": " + child.getValue();
            text.append(line.replaceAll("(?m)^", "\t")).append('\n');
        }
        return text.append('}').toString();
    }
}
