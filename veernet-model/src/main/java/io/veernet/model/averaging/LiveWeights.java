package io.veernet.model.averaging;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import io.veernet.model.tensor.NoGrad;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The live float32 trainable weights back to back, as every flat average reads them. Shared by
 * the averagers of one run, it is concatenated once per training moment instead of once per
 * averager: the loop calls {@link #invalidate()} after each optimizer step. A private one (shared
 * false) concatenates on every call and the caller frees the result.
 */
public final class LiveWeights implements AutoCloseable {

    private final Map<String, Parameter> parameters;
    private final List<String> names;
    private final NDManager manager;
    private final boolean shared;
    /** Flattened views of the live weights, one per name, and the arrays they view. */
    private final NDList views;
    private final NDArray[] seen;
    private NDArray cached;

    /** One run's shared live weights over {@code parameters}. */
    public LiveWeights(Map<String, Parameter> parameters, NDManager parent) {
        this(parameters, parent, true);
    }

    @SuppressWarnings("try") // NoGrad is a scope guard, never referenced inside
    LiveWeights(Map<String, Parameter> parameters, NDManager parent, boolean shared) {
        this.parameters = parameters;
        this.names = flatNames(parameters);
        this.manager = parent.newSubManager();
        this.shared = shared;
        this.views = new NDList(names.size());
        this.seen = new NDArray[names.size()];
        try (NoGrad ignored = NoGrad.enter()) {
            refreshViews();
        }
    }

    /** The names a flat average holds, in its order: trainable float32 parameters. */
    static List<String> flatNames(Map<String, Parameter> parameters) {
        List<String> names = new ArrayList<>();
        parameters.forEach((name, p) -> {
            if (p.requiresGradient() && p.getArray().getDataType() == DataType.FLOAT32) {
                names.add(name);
            }
        });
        return List.copyOf(names);
    }

    List<String> names() {
        return names;
    }

    /** The concatenation (one engine call over cached flat views); shared: the same array until {@link #invalidate()}. */
    @SuppressWarnings("try") // NoGrad is a scope guard, never referenced inside
    NDArray flat() {
        if (shared && cached != null) {
            return cached;
        }
        try (NoGrad ignored = NoGrad.enter()) {
            refreshViews();
            NDArray out = NDArrays.concat(views);
            if (shared) {
                out.attach(manager);
                cached = out;
            }
            return out;
        }
    }

    /** Frees an array {@link #flat()} gave, unless it is the shared cache. */
    void release(NDArray flat) {
        if (!shared) {
            flat.close();
        }
    }

    /** The weights changed (an optimizer step, a load): the next {@link #flat()} concatenates again. */
    public void invalidate() {
        if (cached != null) {
            cached.close();
            cached = null;
        }
    }

    /** Makes the flat view of each live weight that has none or views a replaced array (e.g. after loading weights). */
    private void refreshViews() {
        for (int i = 0; i < names.size(); i++) {
            NDArray live = parameters.get(names.get(i)).getArray();
            if (seen[i] != live) {
                NDArray view = live.reshape(-1);
                view.attach(manager);
                if (seen[i] != null) {
                    views.get(i).close();
                    views.set(i, view);
                } else {
                    views.add(view);
                }
                seen[i] = live;
            }
        }
    }

    @Override
    public void close() {
        invalidate();
        manager.close();
    }
}
