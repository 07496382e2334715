package io.veernet.model.optim;

import io.veernet.model.tensor.NamedArrays;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/** Tiny real blocks and a real forward/backward for the tests of all three packages. */
public final class TestModels {

    private TestModels() {}

    /** Linear(4) - tanh - Linear(3) on inputs of shape (2, 5): four trainable tensors. */
    public static Block mlp(NDManager manager) {
        SequentialBlock block = new SequentialBlock()
                .add(Linear.builder().setUnits(4).build())
                .add(Activation::tanh)
                .add(Linear.builder().setUnits(3).build());
        block.initialize(manager, DataType.FLOAT32, new Shape(2, 5));
        return block;
    }

    /** Conv(3x3, 4) - BatchNorm - relu - Conv(1x1, 2) on inputs (1, 2, 6, 6): has BN buffers. */
    public static Block convBn(NDManager manager) {
        SequentialBlock block = new SequentialBlock()
                .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(4).build())
                .add(BatchNorm.builder().build())
                .add(Activation::relu)
                .add(Conv2d.builder().setKernelShape(new Shape(1, 1)).setFilters(2).build());
        block.initialize(manager, DataType.FLOAT32, new Shape(1, 2, 6, 6));
        return block;
    }

    /** A deterministic input of {@code shape} for step {@code step} (Java RNG, not the engine's). */
    public static NDArray input(NDManager manager, Shape shape, long step) {
        Random random = new Random(1234 + step);
        float[] data = new float[(int) shape.size()];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) random.nextGaussian();
        }
        return manager.create(data, shape);
    }

    /**
     * One forward and backward pass of mean((f(x) - t)^2) with a deterministic x and t for this
     * step; temporaries live in a sub-manager closed before returning. Returns the loss.
     */
    public static float backward(Block block, NDManager manager, Shape inputShape, long step) {
        try (NDManager scope = manager.newSubManager()) {
            NDArray x = input(scope, inputShape, step);
            return backward(block, scope, x, step);
        }
    }

    /** As {@link #backward(Block, NDManager, Shape, long)} with a given input (attached to {@code scope}). */
    public static float backward(Block block, NDManager scope, NDArray x, long step) {
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray out = block.forward(new ParameterStore(scope, false), new NDList(x), true).head();
            NDArray target = input(scope, out.getShape(), 10_000 + step).mul(0.5f);
            NDArray loss = out.sub(target).square().mean();
            collector.backward(loss);
            return loss.getFloat();
        }
    }

    /** Current values of the given parameters, by name. */
    public static Map<String, float[]> values(Map<String, Parameter> parameters) {
        Map<String, float[]> values = new LinkedHashMap<>();
        parameters.forEach((name, p) -> values.put(name, p.getArray().toFloatArray()));
        return values;
    }

    /** Current gradients of the trainable parameters, by name (wrappers closed at once). */
    public static Map<String, float[]> grads(Map<String, Parameter> parameters) {
        Map<String, float[]> grads = new LinkedHashMap<>();
        parameters.forEach((name, p) -> {
            if (p.requiresGradient()) {
                try (NDArray g = p.getArray().getGradient()) {
                    grads.put(name, g.toFloatArray());
                }
            }
        });
        return grads;
    }

    /** Trainable parameters only. */
    public static Map<String, Parameter> trainable(Map<String, Parameter> parameters) {
        Map<String, Parameter> out = new LinkedHashMap<>();
        parameters.forEach((name, p) -> {
            if (p.requiresGradient()) {
                out.put(name, p);
            }
        });
        return out;
    }

    /** Sets a parameter's values in place. */
    public static void set(Parameter p, float... values) {
        NDArray array = p.getArray();
        try (NDArray source = array.getManager().create(values, array.getShape())) {
            NamedArrays.copyInto(array, source);
        }
    }
}
