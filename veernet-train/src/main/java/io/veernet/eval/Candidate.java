package io.veernet.eval;

import ai.djl.ndarray.NDArray;

import java.util.List;
import java.util.Map;

/**
 * A model the run can produce: one or more weight maps. With several members their softmax
 * outputs are averaged (an ensemble: one forward pass per member).
 *
 * @param name        the report's label, e.g. {@code swa} or {@code ensemble-5}
 * @param kind        raw, best, ema, swa, lawa, soup or ensemble
 * @param description how it was made, in words
 * @param members     the weights of each member
 * @param averaged    whether the weights are a weight-space average (BatchNorm models then need a statistics pass)
 */
public record Candidate(String name, String kind, String description, List<Map<String, NDArray>> members,
                        boolean averaged) {

    public Candidate {
        members = List.copyOf(members);
        if (members.isEmpty()) {
            throw new IllegalArgumentException(name + ": a model needs at least one set of weights");
        }
    }
}
