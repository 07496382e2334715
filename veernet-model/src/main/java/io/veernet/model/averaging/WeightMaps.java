package io.veernet.model.averaging;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import io.veernet.model.tensor.Mismatch;
import io.veernet.model.tensor.NamedArrays;
import io.veernet.model.tensor.NoGrad;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Weight-space operations on maps of named arrays: snapshots, uniform averages (LAWA, soups) and
 * loading a map into a block's parameters in place so an averaged model can be evaluated.
 */
public final class WeightMaps {

    private WeightMaps() {}

    /**
     * Returns detached float32 copies of the parameters' current values, attached to
     * {@code manager}: a snapshot for LAWA, ensembles or soups that later training does not change.
     */
    public static Map<String, NDArray> snapshot(Map<String, Parameter> parameters, NDManager manager) {
        Map<String, NDArray> copies = new LinkedHashMap<>();
        parameters.forEach((name, p) -> copies.put(name, detachedCopy(p.getArray(), manager)));
        return Collections.unmodifiableMap(copies);
    }

    /**
     * Returns the parameters' live arrays by name (no copy): what a checkpoint's {@code model}
     * group is written from. They change with the next optimizer step.
     */
    public static Map<String, NDArray> live(Map<String, Parameter> parameters) {
        Map<String, NDArray> arrays = new LinkedHashMap<>();
        parameters.forEach((name, p) -> arrays.put(name, p.getArray()));
        return Collections.unmodifiableMap(arrays);
    }

    /**
     * The SHA-256, in hex, of several maps' names, shapes and values in order: equal exactly when
     * the weights are, so a choice made from them can be recognised and reused.
     */
    public static String fingerprint(List<? extends Map<String, ? extends NDArray>> maps) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
        for (Map<String, ? extends NDArray> map : maps) {
            for (var e : map.entrySet()) {
                sha.update((e.getKey() + e.getValue().getShape() + "\n").getBytes(StandardCharsets.UTF_8));
                sha.update(e.getValue().toByteArray());
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    /** Returns detached float32 copies of {@code arrays}, attached to {@code manager}. */
    public static Map<String, NDArray> copy(Map<String, ? extends NDArray> arrays, NDManager manager) {
        Map<String, NDArray> copies = new LinkedHashMap<>();
        arrays.forEach((name, array) -> copies.put(name, detachedCopy(array, manager)));
        return Collections.unmodifiableMap(copies);
    }

    /**
     * Returns the element-wise uniform mean of several maps with the same names and shapes (all
     * arrays, BatchNorm statistics included: recalibrate after loading), computed as a running
     * mean {@code a += (x_i - a) / (i + 1)} in float32 so identical maps average to themselves.
     */
    @SuppressWarnings("try") // NoGrad is a scope guard, never referenced inside
    public static Map<String, NDArray> average(
            List<? extends Map<String, ? extends NDArray>> maps, NDManager manager) {
        if (maps.isEmpty()) {
            throw new IllegalArgumentException("nothing to average: no weight maps given");
        }
        Map<String, NDArray> mean = copy(maps.get(0), manager);
        for (int i = 1; i < maps.size(); i++) {
            // Shapes only: any data type averages, in float32.
            NamedArrays.requireLayout("weight map " + i + " and weight map 0",
                    Mismatch.ofShapes(mean, maps.get(i)));
        }
        try (NoGrad ignored = NoGrad.enter();
                NDManager scope = manager.newSubManager()) {
            for (int i = 1; i < maps.size(); i++) {
                NDArray coef = scope.create((float) (1.0 / (i + 1)));
                Map<String, ? extends NDArray> next = maps.get(i);
                mean.forEach((name, acc) -> blendInto(acc, next.get(name), coef));
            }
        }
        return mean;
    }

    /**
     * Copies {@code weights} into the parameters' arrays in place (the block keeps its arrays),
     * after checking that names, shapes and data types match exactly; the
     * {@link IllegalArgumentException} lists the differences and nothing is written then.
     */
    public static void load(Map<String, ? extends NDArray> weights, Map<String, Parameter> parameters) {
        NamedArrays.requireLayout("weights and model parameters",
                Mismatch.ofShapesAndTypes(live(parameters), weights));
        parameters.forEach((name, p) -> NamedArrays.copyInto(p.getArray(), weights.get(name)));
    }

    /** {@code acc += coef * (x - acc)} in place: one temporary, closed at once. Needs grad mode off. */
    static void blendInto(NDArray acc, NDArray x, NDArray coef) {
        try (NDArray diff = x.sub(acc)) {
            acc.addi(diff.muli(coef));
        }
    }

    /** A float32 copy of {@code array} that records no gradient, attached to {@code manager}. */
    @SuppressWarnings("try") // NoGrad is a scope guard, never referenced inside
    static NDArray detachedCopy(NDArray array, NDManager manager) {
        try (NoGrad ignored = NoGrad.enter()) {
            NDArray copy = array.getDataType() == DataType.FLOAT32
                    ? array.duplicate()
                    : array.toType(DataType.FLOAT32, true);
            copy.attach(manager);
            return copy;
        }
    }
}
