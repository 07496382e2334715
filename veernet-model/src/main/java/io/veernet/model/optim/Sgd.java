package io.veernet.model.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;

import java.util.List;
import java.util.Map;

/**
 * SGD with optional (Nesterov) momentum, as torch.optim.SGD with dampening 0.
 *
 * <p>{@code g += wd w} (L2, coupled, as torch's SGD; decayed parameters only);
 * {@code buf = momentum buf + g}; {@code d = g + momentum buf} (Nesterov) or {@code buf};
 * {@code w -= lr d}. The buffer starts at zero, so the first step gives {@code buf = g} as torch's
 * clone. DJL's fused SGD kernel is not used: it folds lr into the buffer (wrong when the schedule
 * changes lr) and has no Nesterov.
 */
final class Sgd extends Optimizer {

    private final double momentum;
    private final boolean nesterov;
    private final double weightDecay;

    Sgd(OptimizerConfig config, Map<String, Parameter> parameters, NDManager manager) {
        super(config, parameters, manager,
                config.momentum() > 0 ? List.of("momentum_buffer") : List.of());
        momentum = config.momentum();
        nesterov = config.nesterov();
        weightDecay = config.weightDecay();
    }

    @Override
    protected void update(long t, float lr, float gradScale, List<Tracked> params, List<PtNDArray> grads) {
        try (NDManager scope = newStepScope()) {
            NDArray scale = scope.create(gradScale);
            NDArray wd = scope.create((float) weightDecay);
            NDArray mom = scope.create((float) momentum);
            NDArray lrT = scope.create(lr);
            for (int i = 0; i < params.size(); i++) {
                NDArray g = grads.get(i);
                if (g == null) {
                    continue;
                }
                Tracked p = params.get(i);
                NDArray w = p.weight();
                if (gradScale != 1f) {
                    g.muli(scale);
                }
                if (p.decay() && weightDecay != 0) {
                    try (NDArray l2 = w.mul(wd)) {
                        g.addi(l2);
                    }
                }
                NDArray direction = g;
                if (momentum > 0) {
                    NDArray buf = p.state()[0];
                    buf.muli(mom).addi(g);
                    if (nesterov) {
                        try (NDArray look = buf.mul(mom)) {
                            g.addi(look);
                        }
                    } else {
                        direction = buf;
                    }
                }
                try (NDArray delta = direction.mul(lrT)) {
                    w.subi(delta);
                }
            }
        }
    }
}
