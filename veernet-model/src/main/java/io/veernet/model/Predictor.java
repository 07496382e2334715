package io.veernet.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import io.veernet.data.curves.ClassProbabilities;
import io.veernet.data.raster.GrayImage;
import io.veernet.model.averaging.WeightMaps;
import io.veernet.model.tensor.NoGrad;

import java.util.Map;

/**
 * One VeerNet ready to serve: weights loaded by name, a scan in, class probabilities out,
 * without recording gradients.
 */
public final class Predictor implements AutoCloseable {

    private final VeerNet net;
    private final NDManager manager;
    private final ParameterStore store;

    private Predictor(VeerNet net, NDManager manager) {
        this.net = net;
        this.manager = manager;
        this.store = new ParameterStore(manager, false);
    }

    /** A network for {@code config} with freshly initialised weights (load real ones with {@link #load}). */
    public static Predictor create(ModelConfig config, NDManager parent) {
        NDManager manager = parent.newSubManager();
        VeerNet net = new VeerNet(config);
        int m = config.minInputMultiple();
        net.initialize(manager, DataType.FLOAT32, new Shape(1, ModelConfig.IN_CHANNELS, m, m));
        return new Predictor(net, manager);
    }

    public VeerNet net() {
        return net;
    }

    public Map<String, Parameter> parameters() {
        return net.namedParameters();
    }

    /** Copies weights into the network in place (names, shapes and data types must match exactly). */
    public void load(Map<String, ? extends NDArray> weights) {
        WeightMaps.load(weights, net.namedParameters());
    }

    /** Softmax class probabilities (C, H, W) of one scan. */
    public ClassProbabilities probabilities(GrayImage image) {
        try (NDManager scope = manager.newSubManager(); NoGrad ignored = NoGrad.enter()) {
            NDArray x = ModelInputs.inkDensity(scope, image);
            NDArray logits = net.forward(store, new NDList(x), false).singletonOrThrow();
            float[] p = logits.softmax(1).toFloatArray();
            return new ClassProbabilities(ModelConfig.CLASSES, image.height(), image.width(), p);
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
