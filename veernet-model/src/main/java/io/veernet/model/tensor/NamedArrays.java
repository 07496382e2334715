package io.veernet.model.tensor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Layout checks and in-place copies for maps of named arrays, shared by every restore and load. */
public final class NamedArrays {

    private static final int LISTED = 8;

    private NamedArrays() {}

    /**
     * Throws {@link IllegalArgumentException} when there are {@code mismatches}; the message names
     * {@code what} and lists what is missing, unexpected, mis-shaped and mis-typed.
     */
    public static void requireLayout(String what, List<Mismatch> mismatches) {
        if (mismatches.isEmpty()) {
            return;
        }
        Map<Mismatch.Kind, List<String>> byKind = new EnumMap<>(Mismatch.Kind.class);
        for (Mismatch m : mismatches) {
            String item = switch (m.kind()) {
                case MISSING, UNEXPECTED -> m.name();
                case SHAPE, DATA_TYPE -> m.name() + ": expected " + m.expected() + ", got " + m.actual();
            };
            byKind.computeIfAbsent(m.kind(), k -> new ArrayList<>()).add(item);
        }
        StringBuilder sb = new StringBuilder(what).append(" do not match:");
        append(sb, "missing", byKind.get(Mismatch.Kind.MISSING));
        append(sb, "unexpected", byKind.get(Mismatch.Kind.UNEXPECTED));
        append(sb, "shape mismatch", byKind.get(Mismatch.Kind.SHAPE));
        append(sb, "dtype mismatch", byKind.get(Mismatch.Kind.DATA_TYPE));
        throw new IllegalArgumentException(sb.toString());
    }

    private static void append(StringBuilder sb, String label, List<String> items) {
        if (items == null) {
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
     * Copies {@code source}'s values into {@code target} in place (same shape; moved to the
     * target's device first), so whoever holds {@code target} (a block, a trainer) keeps seeing the
     * same array object.
     */
    @SuppressWarnings("try") // NoGrad is a scope guard, never referenced inside
    public static void copyInto(NDArray target, NDArray source) {
        if (!target.getShape().equals(source.getShape())) {
            throw new IllegalArgumentException(
                    "cannot copy an array of shape " + source.getShape() + " into " + target.getShape());
        }
        // An in-place write to a leaf that requires a gradient is refused while autograd records.
        try (NoGrad ignored = NoGrad.enter()) {
            NDArray onDevice = source.toDevice(target.getDevice(), false);
            try {
                target.set(new NDIndex("..."), onDevice);
            } finally {
                if (onDevice != source) {
                    onDevice.close();
                }
            }
        }
    }
}
