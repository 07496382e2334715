package io.veernet.model.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.util.Pair;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Weights keyed by parameter name (the keys of {@link Block#getParameters()}), and their checked
 * transfer into a model: every name, shape and data type is compared before any value is written,
 * and values are copied into the existing arrays, so optimizer state and gradients that refer to
 * those arrays stay attached (DJL's own loading replaces the arrays instead).
 */
public final class NamedWeights {

    private NamedWeights() {}

    /** The block's parameters by name, in the block's order. */
    public static Map<String, Parameter> parameters(Block block) {
        Map<String, Parameter> map = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            map.put(p.getKey(), p.getValue());
        }
        return map;
    }

    /**
     * Every way {@code source} fails to fit {@code target}, one line each; empty when it fits.
     *
     * @param source arrays by parameter name
     */
    public static List<String> mismatches(Map<String, NDArray> source, Map<String, Parameter> target) {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Parameter> e : target.entrySet()) {
            NDArray model = e.getValue().getArray();
            NDArray file = source.get(e.getKey());
            if (file == null) {
                problems.add("missing parameter " + e.getKey() + " (model has " + model.getShape() + ")");
            } else if (!file.getShape().equals(model.getShape())) {
                problems.add(e.getKey() + ": file has " + file.getShape() + ", model has " + model.getShape());
            } else if (file.getDataType() != model.getDataType()) {
                problems.add(e.getKey() + ": file has " + file.getDataType() + ", model has " + model.getDataType());
            }
        }
        for (Map.Entry<String, NDArray> e : source.entrySet()) {
            if (!target.containsKey(e.getKey())) {
                problems.add("unexpected parameter " + e.getKey() + " " + e.getValue().getShape());
            }
        }
        return problems;
    }

    /**
     * Copies {@code source} into the parameters of {@code target}, after checking that it fits.
     *
     * @param origin names the weights in error messages, e.g. the file path
     * @throws IncompatibleWeightsException when a name is missing or unexpected, or a shape or type
     *     differs; nothing is written then
     */
    public static void copyInto(Block target, Map<String, NDArray> source, String origin)
            throws IncompatibleWeightsException {
        Map<String, Parameter> params = parameters(target);
        List<String> problems = mismatches(source, params);
        if (!problems.isEmpty()) {
            throw new IncompatibleWeightsException(origin, problems);
        }
        // An in-place write to a leaf that requires a gradient is refused while autograd records,
        // and PyTorch records by default on threads other than the engine's own.
        boolean recording = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        try {
            for (Map.Entry<String, Parameter> e : params.entrySet()) {
                NDArray model = e.getValue().getArray();
                NDArray value = source.get(e.getKey());
                NDArray onDevice = value.toDevice(model.getDevice(), false);
                model.set(new NDIndex("..."), onDevice);
                if (onDevice != value) {
                    onDevice.close();
                }
            }
        } finally {
            JniUtils.setGradMode(recording);
        }
    }
}
