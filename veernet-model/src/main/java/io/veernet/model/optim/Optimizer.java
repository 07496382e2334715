package io.veernet.model.optim;

import io.veernet.model.tensor.Mismatch;

import io.veernet.model.tensor.NoGrad;

import io.veernet.model.tensor.NamedParameters;

import io.veernet.model.tensor.NamedArrays;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A first-order optimizer whose state we own: keyed by parameter name, so it can be saved and
 * restored exactly (DJL's optimizers key theirs by per-process random ids and cannot).
 *
 * <p>One {@link #step(float)} per sample, after {@code collector.backward(loss)}: it reads every
 * trainable parameter's gradient, computes their global L2 norm, stops there if the norm is not
 * finite, else scales the gradients to at most {@code clipNorm}, updates all weights in place (the
 * block keeps its arrays) and zeroes the gradients (DJL's collector does not: they would add up).
 *
 * <p>Trainable means {@link Parameter#requiresGradient()}; the rest (BatchNorm running statistics)
 * is never touched. Weight decay applies to conv/linear weights only, see {@link #decays}. A
 * parameter whose gradient was never defined (not used by any forward pass so far) is skipped for
 * that step, as torch skips {@code p.grad is None}. Needs the PyTorch engine and float32 weights.
 */
public abstract sealed class Optimizer implements AutoCloseable permits AdamW, NAdamW, Sgd {

    /** A trainable parameter with its decay flag and one state array per slot. */
    protected record Tracked(String name, Parameter parameter, boolean decay, NDArray[] state) {

        PtNDArray weight() {
            return (PtNDArray) parameter.getArray();
        }
    }

    private final OptimizerConfig config;
    private final List<String> slotNames;
    private final List<Tracked> tracked;
    private final NDManager stateManager;
    /** Per tracked parameter, the array last seen recording gradients. */
    private final NDArray[] checked;
    private long step;
    private boolean closed;

    /** Creates zeroed float32 state for every trainable parameter, one array per slot. */
    protected Optimizer(
            OptimizerConfig config,
            Map<String, Parameter> parameters,
            NDManager manager,
            List<String> slotNames) {
        this.config = config;
        this.slotNames = List.copyOf(slotNames);
        this.stateManager = manager.newSubManager();
        List<Tracked> list = new ArrayList<>();
        for (Map.Entry<String, Parameter> e : parameters.entrySet()) {
            Parameter parameter = e.getValue();
            if (!parameter.requiresGradient()) {
                continue;
            }
            NDArray weight = parameter.getArray();
            if (weight.getDataType() != DataType.FLOAT32) {
                throw new IllegalArgumentException(
                        "parameter " + e.getKey() + " is " + weight.getDataType()
                                + "; the optimizer updates float32 weights only");
            }
            NDArray[] state = new NDArray[slotNames.size()];
            for (int s = 0; s < state.length; s++) {
                state[s] = stateManager.zeros(weight.getShape(), DataType.FLOAT32);
            }
            list.add(new Tracked(e.getKey(), parameter, decays(e.getKey(), weight.getShape()), state));
        }
        if (list.isEmpty()) {
            throw new IllegalArgumentException("no trainable parameters to optimise");
        }
        this.tracked = Collections.unmodifiableList(list);
        this.checked = new NDArray[list.size()];
    }

    /** Builds the optimizer that {@code config.name()} names, for the given named parameters. */
    public static Optimizer create(
            OptimizerConfig config, Map<String, Parameter> parameters, NDManager manager) {
        return switch (config.name()) {
            case "adamw" -> new AdamW(config, parameters, manager);
            case "nadamw" -> new NAdamW(config, parameters, manager);
            case "sgd" -> new Sgd(config, parameters, manager);
            default -> throw new IllegalArgumentException("unknown optimizer " + config.name());
        };
    }

    /** Builds the optimizer for all parameters of an initialised block. */
    public static Optimizer create(OptimizerConfig config, Block block, NDManager manager) {
        return create(config, NamedParameters.of(block), manager);
    }

    /**
     * Whether weight decay applies: yes for conv/linear weights (2 or more dimensions), no for
     * anything with at most one dimension (biases, norm scales and shifts) and no for a parameter
     * named {@code *bias}, {@code *gamma} or {@code *beta} whatever its shape (a norm scale kept
     * as (1, C, 1, 1) for broadcasting is still a norm scale).
     */
    public static boolean decays(String name, Shape shape) {
        if (shape.dimension() <= 1) {
            return false;
        }
        String leaf = name.substring(Math.max(name.lastIndexOf('_'), name.lastIndexOf('.')) + 1)
                .toLowerCase(Locale.ROOT);
        return !(leaf.endsWith("bias") || leaf.equals("gamma") || leaf.equals("beta"));
    }

    /**
     * Clips, updates every trainable weight in place with learning rate {@code lr} and zeroes the
     * gradients. When the gradients' global norm is NaN or infinite nothing is changed (weights,
     * state, step count), the gradients are zeroed and the result says {@code applied == false}.
     */
    public final StepResult step(float lr) {
        return step(lr, null);
    }

    /**
     * As {@link #step(float)}, also reading {@code loss} (a scalar, may be null) in the same host
     * transfer as the gradient norm, so a training step synchronises with the engine once; when
     * the loss is not finite nothing is applied either. {@link StepResult#loss()} has its value.
     */
    @SuppressWarnings("try") // NoGrad is a scope guard, never referenced inside
    public final StepResult step(float lr, NDArray loss) {
        requireOpen();
        if (!(lr >= 0) || Float.isInfinite(lr)) {
            throw new IllegalArgumentException("lr must be finite and >= 0, got " + lr);
        }
        List<PtNDArray> grads = new ArrayList<>(tracked.size());
        try (NoGrad ignored = NoGrad.enter()) {
            try {
                List<PtNDArray> defined = new ArrayList<>(tracked.size());
                for (int i = 0; i < tracked.size(); i++) {
                    Tracked p = tracked.get(i);
                    PtNDArray weight = p.weight();
                    // Asking the engine costs a native call per parameter and step; an array that
                    // recorded gradients once keeps doing so, so each array is asked only once.
                    if (checked[i] != weight) {
                        if (!weight.hasGradient()) {
                            throw new IllegalStateException(
                                    "parameter " + p.name() + " is trainable but its array records no"
                                            + " gradient: call getArray().setRequiresGradient(true)");
                        }
                        checked[i] = weight;
                    }
                    PtNDArray grad = JniUtils.getGradient(weight);
                    grads.add(grad);
                    if (grad != null) {
                        defined.add(grad);
                    }
                }
                if (defined.isEmpty()) {
                    throw new IllegalStateException(
                            "no parameter has a gradient: call collector.backward(loss) before step");
                }
                double norm;
                double lossValue = Double.NaN;
                try (NDArray total = GlobalNorm.tensor(defined)) {
                    if (loss == null) {
                        norm = total.getFloat();
                    } else {
                        try (NDArray flat = loss.reshape(1);
                                NDArray both = total.reshape(1).concat(flat)) {
                            float[] read = both.toFloatArray();
                            norm = read[0];
                            lossValue = read[1];
                        }
                    }
                }
                if (!Double.isFinite(norm) || (loss != null && !Double.isFinite(lossValue))) {
                    return new StepResult(step, norm, 1.0, false, lossValue);
                }
                double scale = GlobalNorm.clipScale(norm, config.clipNorm());
                update(step + 1, lr, (float) scale, tracked, grads);
                step++;
                return new StepResult(step, norm, scale, true, lossValue);
            } finally {
                for (int i = 0; i < grads.size(); i++) {
                    PtNDArray grad = grads.get(i);
                    if (grad != null) {
                        JniUtils.zeroGrad(tracked.get(i).weight());
                        grad.close();
                    }
                }
            }
        }
    }

    /**
     * Applies step {@code t} (1-based) to every parameter whose gradient is not null, in place,
     * with gradients to be multiplied by {@code gradScale}. Runs with grad mode off; may modify the
     * gradients (they are zeroed afterwards).
     */
    protected abstract void update(
            long t, float lr, float gradScale, List<Tracked> params, List<PtNDArray> grads);

    /** Called after {@link #restore} has set the step count, for state derived from it. */
    protected void onRestore(long restoredStep) {}

    /** Opens a scope on the state's device for one step's temporaries (scalar coefficients). */
    protected final NDManager newStepScope() {
        return stateManager.newSubManager();
    }

    /** The configuration this optimizer was built with. */
    public OptimizerConfig config() {
        return config;
    }

    /** Number of applied steps. */
    public long stepCount() {
        return step;
    }

    /** Names of the parameters this optimizer updates, in block order. */
    public List<String> trainableNames() {
        return tracked.stream().map(Tracked::name).toList();
    }

    /**
     * Returns the live state (not copies: save it before the next step). Slots are torch's names:
     * {@code exp_avg}, {@code exp_avg_sq} (adamw, nadamw), {@code momentum_buffer} (sgd with
     * momentum); SGD without momentum has no slots.
     */
    public OptimizerState state() {
        requireOpen();
        Map<String, Map<String, NDArray>> slots = new LinkedHashMap<>();
        for (int s = 0; s < slotNames.size(); s++) {
            Map<String, NDArray> arrays = new LinkedHashMap<>();
            for (Tracked p : tracked) {
                arrays.put(p.name(), p.state()[s]);
            }
            slots.put(slotNames.get(s), Collections.unmodifiableMap(arrays));
        }
        return new OptimizerState(config.name(), step, slots);
    }

    /**
     * Copies a saved state into this optimizer (same algorithm, slots, names and shapes, checked
     * with a message that lists the differences), so the next step continues exactly.
     */
    public void restore(OptimizerState saved) {
        requireOpen();
        if (!saved.algorithm().equals(config.name())) {
            throw new IllegalArgumentException(
                    "optimizer state is for " + saved.algorithm() + " but this optimizer is " + config.name());
        }
        if (!saved.slots().keySet().equals(Set.copyOf(slotNames))) {
            throw new IllegalArgumentException(
                    "optimizer state has slots " + saved.slots().keySet() + ", " + config.name()
                            + " needs " + slotNames);
        }
        Map<String, NDArray> layout = new LinkedHashMap<>();
        for (Tracked p : tracked) {
            layout.put(p.name(), p.state()[0]);
        }
        for (String slot : slotNames) {
            NamedArrays.requireLayout("optimizer slot " + slot + " arrays",
                    Mismatch.ofShapes(layout, saved.slots().get(slot)));
        }
        for (int s = 0; s < slotNames.size(); s++) {
            Map<String, NDArray> arrays = saved.slots().get(slotNames.get(s));
            for (Tracked p : tracked) {
                NamedArrays.copyInto(p.state()[s], arrays.get(p.name()));
            }
        }
        step = saved.step();
        onRestore(step);
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("optimizer is closed");
        }
    }

    /** Frees the state arrays. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            stateManager.close();
        }
    }
}
