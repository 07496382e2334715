package io.veernet.model.tensor;

import ai.djl.ndarray.NDArray;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One way a map of named arrays differs from the arrays it has to fit: a name missing or
 * unexpected, or a shape or data type that differs. Every layout check (weights files, weight
 * maps, optimizer and averaging state) finds its problems here and only words them itself.
 *
 * @param kind what differs
 * @param name the array's name
 * @param expected the shape or data type it should have; for {@link Kind#MISSING} the shape, for
 *     {@link Kind#UNEXPECTED} null
 * @param actual the shape or data type it has; for {@link Kind#UNEXPECTED} the shape, for
 *     {@link Kind#MISSING} null
 */
public record Mismatch(Kind kind, String name, String expected, String actual) {

    /** What differs. */
    public enum Kind {
        MISSING, UNEXPECTED, SHAPE, DATA_TYPE
    }

    /**
     * Every name of {@code actual} that is missing, unexpected or differently shaped compared with
     * {@code expected}: in {@code expected}'s order, then the unexpected names in {@code actual}'s.
     * Data types are not compared (for state kept in float32 whatever it came from).
     */
    public static List<Mismatch> ofShapes(
            Map<String, ? extends NDArray> expected, Map<String, ? extends NDArray> actual) {
        return find(expected, actual, false);
    }

    /** As {@link #ofShapes}, and a name whose shape fits but whose data type differs is a mismatch too. */
    public static List<Mismatch> ofShapesAndTypes(
            Map<String, ? extends NDArray> expected, Map<String, ? extends NDArray> actual) {
        return find(expected, actual, true);
    }

    private static List<Mismatch> find(
            Map<String, ? extends NDArray> expected, Map<String, ? extends NDArray> actual, boolean types) {
        List<Mismatch> found = new ArrayList<>();
        for (Map.Entry<String, ? extends NDArray> e : expected.entrySet()) {
            NDArray want = e.getValue();
            NDArray have = actual.get(e.getKey());
            if (have == null) {
                found.add(new Mismatch(Kind.MISSING, e.getKey(), String.valueOf(want.getShape()), null));
            } else if (!have.getShape().equals(want.getShape())) {
                found.add(new Mismatch(Kind.SHAPE, e.getKey(), String.valueOf(want.getShape()),
                        String.valueOf(have.getShape())));
            } else if (types && have.getDataType() != want.getDataType()) {
                found.add(new Mismatch(Kind.DATA_TYPE, e.getKey(), String.valueOf(want.getDataType()),
                        String.valueOf(have.getDataType())));
            }
        }
        for (Map.Entry<String, ? extends NDArray> e : actual.entrySet()) {
            if (!expected.containsKey(e.getKey())) {
                found.add(new Mismatch(Kind.UNEXPECTED, e.getKey(), null, String.valueOf(e.getValue().getShape())));
            }
        }
        return found;
    }
}
