package io.veernet.model.io;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import io.veernet.model.averaging.WeightMaps;
import io.veernet.model.tensor.Mismatch;
import io.veernet.model.tensor.NamedArrays;
import io.veernet.model.tensor.NamedParameters;

import java.util.List;
import java.util.Map;

/**
 * The checked transfer of weights read from a file into a model: every name, shape and data type
 * is compared before any value is written, and values are copied into the existing arrays, so
 * optimizer state and gradients that refer to those arrays stay attached (DJL's own loading
 * replaces the arrays instead).
 */
public final class NamedWeights {

    private NamedWeights() {}

    /**
     * Copies {@code source} into the parameters of {@code target}, after checking that it fits.
     *
     * @param source arrays by parameter name
     * @param origin names the weights in error messages, e.g. the file path
     * @throws IncompatibleWeightsException when a name is missing or unexpected, or a shape or type
     *     differs; nothing is written then
     */
    public static void copyInto(Block target, Map<String, ? extends NDArray> source, String origin)
            throws IncompatibleWeightsException {
        Map<String, Parameter> params = NamedParameters.of(target);
        List<Mismatch> problems = Mismatch.ofShapesAndTypes(WeightMaps.live(params), source);
        if (!problems.isEmpty()) {
            throw IncompatibleWeightsException.of(origin, problems);
        }
        params.forEach((name, p) -> NamedArrays.copyInto(p.getArray(), source.get(name)));
    }
}
