package io.veernet.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;

/** Small configs and helpers shared by the model tests. */
final class TestNets {

    private TestNets() {}

    /** A config small enough for the 2-core test machine, with every feature switched on. */
    static ModelConfig small(String norm, boolean cbam) {
        return new ModelConfig(3, 8, 32, 32, 1, 2, cbam, norm, 0.0);
    }

    /** A seeded, initialised network for inputs of {@code height x width}, ready for the raw training path. */
    static VeerNet initialised(NDManager manager, ModelConfig config, int height, int width, int seed) {
        Engine.getInstance().setRandomSeed(seed);
        VeerNet net = new VeerNet(config);
        net.initialize(manager, DataType.FLOAT32, new Shape(1, 1, height, width));
        for (Parameter p : net.namedParameters().values()) {
            if (p.requiresGradient()) {
                p.getArray().setRequiresGradient(true);
            }
        }
        return net;
    }

    static NDArray forward(VeerNet net, NDManager manager, NDArray x, boolean training) {
        return net.forward(new ParameterStore(manager, false), new NDList(x), training).singletonOrThrow();
    }
}
