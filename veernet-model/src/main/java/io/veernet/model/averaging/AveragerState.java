package io.veernet.model.averaging;

import ai.djl.ndarray.NDArray;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a checkpoint keeps of one averager: its scalars (a JSON tree) and its tensors as named
 * parts, each a map of arrays by parameter name. The part {@link #WEIGHTS} is the servable average.
 */
public record AveragerState(JsonNode scalars, Map<String, Map<String, NDArray>> parts) {

    /** The part holding the servable averaged weights. */
    public static final String WEIGHTS = "served";

    public AveragerState {
        parts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parts));
    }

    /** A part by name; an error naming the averager when the checkpoint lacks it. */
    public Map<String, NDArray> part(String averager, String name) {
        Map<String, NDArray> p = parts.get(name);
        if (p == null) {
            throw new IllegalArgumentException(averager + ": the saved state has no part '" + name + "' (it has "
                    + parts.keySet() + ")");
        }
        return p;
    }
}
