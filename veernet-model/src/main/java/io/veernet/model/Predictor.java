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

import java.util.List;
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

    /**
     * Softmax class probabilities (C, H, W) of one scan, window by window along depth as
     * {@code tiling} says (one pass when the scan fits in a window), blended in the overlaps.
     */
    public ClassProbabilities probabilities(GrayImage image, Tiling tiling) {
        List<Tiling.Tile> tiles = tiling.tiles(image.width(), net.config().minInputMultiple());
        if (tiles.size() == 1) {
            return probabilities(image);
        }
        int w = image.width();
        int h = image.height();
        int classes = ModelConfig.CLASSES;
        float[] sum = new float[classes * h * w];
        float[] weight = new float[w];
        for (int i = 0; i < tiles.size(); i++) {
            Tiling.Tile t = tiles.get(i);
            float[] p = probabilities(columns(image, t.start(), t.end())).data();
            float[] tw = Tiling.weights(tiles, i);
            int tileWidth = t.width();
            for (int c = 0; c < classes; c++) {
                for (int y = 0; y < h; y++) {
                    int src = (c * h + y) * tileWidth;
                    int dst = (c * h + y) * w + t.start();
                    for (int x = 0; x < tileWidth; x++) {
                        sum[dst + x] += tw[x] * p[src + x];
                    }
                }
            }
            for (int x = 0; x < tileWidth; x++) {
                weight[t.start() + x] += tw[x];
            }
        }
        for (int c = 0; c < classes; c++) {
            for (int y = 0; y < h; y++) {
                int row = (c * h + y) * w;
                for (int x = 0; x < w; x++) {
                    sum[row + x] /= weight[x];
                }
            }
        }
        return new ClassProbabilities(classes, h, w, sum);
    }

    /** Columns {@code [from, to)} of an image. */
    static GrayImage columns(GrayImage image, int from, int to) {
        int w = to - from;
        byte[] out = new byte[w * image.height()];
        for (int y = 0; y < image.height(); y++) {
            System.arraycopy(image.pixels(), y * image.width() + from, out, y * w, w);
        }
        return new GrayImage(w, image.height(), out);
    }

    /** Softmax class probabilities (C, H, W) of one scan, in one pass. */
    public ClassProbabilities probabilities(GrayImage image) {
        try (NDManager scope = manager.newSubManager(); NoGrad ignored = NoGrad.enter()) {
            NDArray x = ModelInputs.ink(scope, image, net.config().input());
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
