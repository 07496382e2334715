package io.veernet.model.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Layout checks and in-place copies for maps of named arrays, shared by every restore and load. */
public final class NamedArrays {

    private static final int LISTED = 8;

    private NamedArrays() {}

    /** Returns the shapes of {@code arrays}, in their order. */
    public static Map<String, Shape> shapes(Map<String, ? extends NDArray> arrays) {
        Map<String, Shape> shapes = new LinkedHashMap<>();
        arrays.forEach((name, array) -> shapes.put(name, array.getShape()));
        return shapes;
    }

    /**
     * Throws {@link IllegalArgumentException} unless {@code actual} has exactly the names and
     * shapes of {@code expected}; the message names {@code what} and lists what is missing,
     * unexpected and mis-shaped.
     */
    public static void requireLayout(
            String what, Map<String, Shape> expected, Map<String, ? extends NDArray> actual) {
        List<String> missing = new ArrayList<>();
        List<String> misShaped = new ArrayList<>();
        for (Map.Entry<String, Shape> e : expected.entrySet()) {
            NDArray array = actual.get(e.getKey());
            if (array == null) {
                missing.add(e.getKey());
            } else if (!array.getShape().equals(e.getValue())) {
                misShaped.add(e.getKey() + ": expected " + e.getValue() + ", got " + array.getShape());
            }
        }
        List<String> unexpected = new ArrayList<>();
        for (String name : actual.keySet()) {
            if (!expected.containsKey(name)) {
                unexpected.add(name);
            }
        }
        if (missing.isEmpty() && unexpected.isEmpty() && misShaped.isEmpty()) {
            return;
        }
        StringBuilder sb = new StringBuilder(what).append(" do not match:");
        append(sb, "missing", missing);
        append(sb, "unexpected", unexpected);
        append(sb, "shape mismatch", misShaped);
        throw new IllegalArgumentException(sb.toString());
    }

    private static void append(StringBuilder sb, String label, List<String> items) {
        if (items.isEmpty()) {
            return;
        }
        sb.append(' ').append(label).append(' ').append(items.size()).append(' ');
        sb.append(items.subList(0, Math.min(LISTED, items.size())));
        if (items.size() > LISTED) {
            sb.setLength(sb.length() - 1);
            sb.append(", ...]");
        }
        sb.append(';');
    }

    /**
     * Copies {@code source}'s values into {@code target} in place (same shape), so whoever holds
     * {@code target} (a block, a trainer) keeps seeing the same array object.
     */
    @SuppressWarnings("try") // NoGrad is a scope guard, never referenced inside
    public static void copyInto(NDArray target, NDArray source) {
        if (!target.getShape().equals(source.getShape())) {
            throw new IllegalArgumentException(
                    "cannot copy an array of shape " + source.getShape() + " into " + target.getShape());
        }
        try (NoGrad ignored = NoGrad.enter()) {
            target.set(new NDIndex("..."), source);
        }
    }
}
