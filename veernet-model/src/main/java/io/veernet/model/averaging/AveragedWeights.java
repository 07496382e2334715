package io.veernet.model.averaging;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import io.veernet.model.tensor.Mismatch;
import io.veernet.model.tensor.NamedArrays;
import io.veernet.model.tensor.NoGrad;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Float32 running averages of a block's named parameters, moved towards the live weights by
 * {@code avg += c (w - avg)}; what differs between EMA and SWA is only the coefficient c.
 *
 * <p>Parameters that are not trainable (BatchNorm running mean and variance) are copied as they
 * are at each update, not averaged: an average of running statistics is not the statistics of the
 * averaged weights, so they are recomputed by {@link BatchNormRecalibration} before evaluation.
 */
abstract class AveragedWeights implements AutoCloseable {

    private final String label;
    private final Map<String, Parameter> parameters;
    private final NDManager manager;
    private final Map<String, NDArray> averages = new LinkedHashMap<>();
    private final Map<String, NDArray> view = Collections.unmodifiableMap(averages);
    private boolean closed;

    AveragedWeights(String label, Map<String, Parameter> parameters, NDManager parent) {
        if (parameters.isEmpty()) {
            throw new IllegalArgumentException(label + ": no parameters to average");
        }
        this.label = label;
        this.parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        this.manager = parent.newSubManager();
    }

    /** Sets every average to a copy of the live value. */
    final void copyLive() {
        requireOpen();
        parameters.forEach((name, p) -> {
            NDArray avg = averages.get(name);
            if (avg == null) {
                averages.put(name, WeightMaps.detachedCopy(p.getArray(), manager));
            } else {
                NamedArrays.copyInto(avg, p.getArray());
            }
        });
    }

    /** {@code avg += c (w - avg)} for trainable parameters, a copy for the others. */
    @SuppressWarnings("try") // NoGrad is a scope guard, never referenced inside
    final void blend(float c) {
        requireOpen();
        try (NoGrad ignored = NoGrad.enter();
                NDManager scope = manager.newSubManager()) {
            NDArray coef = scope.create(c);
            parameters.forEach((name, p) -> {
                if (p.requiresGradient()) {
                    WeightMaps.blendInto(averages.get(name), p.getArray(), coef);
                } else {
                    NamedArrays.copyInto(averages.get(name), p.getArray());
                }
            });
        }
    }

    /** The live averaged arrays, keyed by parameter name (a read-only view, empty before any copy). */
    final Map<String, NDArray> averages() {
        requireOpen();
        return view;
    }

    /** Replaces the averages by saved ones, after checking names and shapes against the parameters. */
    final void restoreAverages(Map<String, ? extends NDArray> saved) {
        requireOpen();
        // Shapes only: averages are float32 whatever the parameters are.
        NamedArrays.requireLayout(label + " weights and model parameters",
                Mismatch.ofShapes(WeightMaps.live(parameters), saved));
        parameters.keySet().forEach(name -> {
            NDArray avg = averages.get(name);
            if (avg == null) {
                averages.put(name, WeightMaps.detachedCopy(saved.get(name), manager));
            } else {
                NamedArrays.copyInto(avg, saved.get(name));
            }
        });
    }

    /** A short name for messages, e.g. {@code EMA(0.999)}. */
    final String label() {
        return label;
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException(label + " is closed");
        }
    }

    /** Frees the averaged arrays. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            manager.close();
        }
    }
}
