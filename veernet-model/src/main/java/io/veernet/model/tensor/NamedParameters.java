package io.veernet.model.tensor;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** A block's parameters keyed by their stable names, in block order. */
public final class NamedParameters {

    private NamedParameters() {}

    /**
     * Returns the initialised parameters of {@code block} keyed by name (the keys of
     * {@code block.getParameters()}, which are the same in every process). Fetch once and keep:
     * {@code getParameters()} builds a new list on every call.
     */
    public static Map<String, Parameter> of(Block block) {
        Map<String, Parameter> byName = new LinkedHashMap<>();
        for (Pair<String, Parameter> pair : block.getParameters()) {
            Parameter parameter = pair.getValue();
            if (!parameter.isInitialized()) {
                throw new IllegalStateException(
                        "parameter " + pair.getKey() + " is not initialised: call block.initialize first");
            }
            if (byName.put(pair.getKey(), parameter) != null) {
                throw new IllegalStateException("two parameters share the name " + pair.getKey());
            }
        }
        return Collections.unmodifiableMap(byName);
    }
}
