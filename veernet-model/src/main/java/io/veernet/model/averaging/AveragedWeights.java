package io.veernet.model.averaging;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import io.veernet.model.tensor.Mismatch;
import io.veernet.model.tensor.NamedArrays;
import io.veernet.model.tensor.NoGrad;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
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
    /** Names averaged in {@link #flat}, in its order. */
    private final List<String> flatNames;
    /** Every float32 trainable average back to back (null when there is none). */
    private final NDArray flat;
    /** Per name in {@link #flatNames}, its average: a view of its slice of {@link #flat}. */
    private final Map<String, NDArray> flatViews = new LinkedHashMap<>();
    /** Where the live weights come from, flat: shared by a run's averagers or this one's own. */
    private final LiveWeights live;

    AveragedWeights(String label, Map<String, Parameter> parameters, NDManager parent) {
        this(label, parameters, parent, null);
    }

    AveragedWeights(String label, Map<String, Parameter> parameters, NDManager parent, LiveWeights shared) {
        if (parameters.isEmpty()) {
            throw new IllegalArgumentException(label + ": no parameters to average");
        }
        this.label = label;
        this.parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        this.manager = parent.newSubManager();
        // The float32 trainable averages live in one flat buffer, each name a view of its slice,
        // so that a blend is a handful of engine calls for all of them instead of four per
        // parameter; elementwise the arithmetic is the same, so are the values.
        flatNames = LiveWeights.flatNames(this.parameters);
        long total = 0;
        for (String name : flatNames) {
            total += this.parameters.get(name).getArray().size();
        }
        flat = total > 0 ? manager.zeros(new Shape(total), DataType.FLOAT32) : null;
        long offset = 0;
        for (String name : flatNames) {
            NDArray live = this.parameters.get(name).getArray();
            long n = live.size();
            try (NDArray slice = flat.get(new NDIndex("{}:{}", offset, offset + n))) {
                NDArray view = slice.reshape(live.getShape());
                view.attach(manager);
                flatViews.put(name, view);
            }
            offset += n;
        }
        if (shared != null && !shared.names().equals(flatNames)) {
            throw new IllegalArgumentException(label + ": the shared live weights hold other parameters");
        }
        live = shared != null ? shared : new LiveWeights(this.parameters, manager, false);
    }

    /** Sets every average to a copy of the live value. */
    final void copyLive() {
        requireOpen();
        parameters.forEach((name, p) -> {
            NDArray avg = averages.get(name);
            if (avg == null && flatViews.containsKey(name)) {
                avg = flatViews.get(name);
                averages.put(name, avg);
            }
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
            if (flat != null) {
                NDArray w = live.flat();
                try {
                    WeightMaps.blendInto(flat, w, coef);
                } finally {
                    live.release(w);
                }
            }
            parameters.forEach((name, p) -> {
                if (flatViews.containsKey(name)) {
                    return;
                }
                if (p.requiresGradient()) {
                    WeightMaps.blendInto(averages.get(name), p.getArray(), coef);
                } else {
                    NamedArrays.copyInto(averages.get(name), p.getArray());
                }
            });
        }
    }

    /** The float32 trainable averages back to back (live; null when there is none), in {@link LiveWeights#flatNames} order. */
    final NDArray flatAverage() {
        return flat;
    }

    /** The live weights this average reads, flat, and how to free what {@link LiveWeights#flat()} gave. */
    final LiveWeights live() {
        return live;
    }

    /** The names of the flat buffer, in order. */
    final List<String> flatNames() {
        return flatNames;
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
            if (avg == null && flatViews.containsKey(name)) {
                avg = flatViews.get(name);
                averages.put(name, avg);
            }
            if (avg == null) {
                averages.put(name, WeightMaps.detachedCopy(saved.get(name), manager));
            } else {
                NamedArrays.copyInto(avg, saved.get(name));
            }
        });
    }

    /** The saved state of an average counted by {@code n} under {@code key}: the count and, once there is one, the weights. */
    final AveragerState countedState(String key, long n) {
        return new AveragerState(com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode().put(key, n),
                n > 0 ? Map.of(AveragerState.WEIGHTS, averages()) : Map.of());
    }

    /** Restores the weights of a state written by {@link #countedState} and returns its count. */
    final long restoreCounted(AveragerState state, String key) {
        long n = state.scalars().path(key).asLong(-1);
        if (n < 0) {
            throw new IllegalArgumentException(label + ": the saved state has no '" + key + "'");
        }
        if (n > 0) {
            restoreAverages(state.part(label, AveragerState.WEIGHTS));
        }
        return n;
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
