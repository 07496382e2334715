package io.veernet.model.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;

import java.util.List;
import java.util.Map;

/**
 * NAdamW: Dozat's Nesterov Adam with decoupled weight decay, as torch.optim.NAdam with
 * {@code decoupled_weight_decay=True} and {@code momentum_decay=0.004}.
 *
 * <p>Step t (1-based): {@code mu_t = b1 (1 - 0.5 * 0.96^(t psi))}, {@code P_t = prod mu_1..mu_t};
 * {@code w *= 1 - lr wd}; {@code m = b1 m + (1-b1) g}; {@code v = b2 v + (1-b2) g^2};
 * {@code d = sqrt(v / (1 - b2^t)) + eps};
 * {@code w -= lr (1 - mu_t) / (1 - P_t) * g / d + lr mu_{t+1} / (1 - P_t mu_{t+1}) * m / d}.
 * {@code P_t} is a double recomputed from the step count on restore with the same multiplications
 * in the same order, so a resumed run is bit-identical. No fused kernel exists: the per-step
 * coefficients are made once as 0-d tensors and shared by all parameters, so each parameter costs
 * only tensor-tensor operations.
 */
final class NAdamW extends Optimizer {

    /** torch's default {@code momentum_decay}. */
    static final double MOMENTUM_DECAY = 0.004;

    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double weightDecay;
    private double muProduct = 1.0;

    NAdamW(OptimizerConfig config, Map<String, Parameter> parameters, NDManager manager) {
        super(config, parameters, manager, List.of("exp_avg", "exp_avg_sq"));
        beta1 = config.beta1();
        beta2 = config.beta2();
        eps = config.eps();
        weightDecay = config.weightDecay();
    }

    /** Dozat's momentum schedule mu_t. */
    static double mu(double beta1, long t) {
        return beta1 * (1 - 0.5 * StrictMath.pow(0.96, t * MOMENTUM_DECAY));
    }

    @Override
    protected void onRestore(long restoredStep) {
        muProduct = 1.0;
        for (long t = 1; t <= restoredStep; t++) {
            muProduct *= mu(beta1, t);
        }
    }

    @Override
    protected void update(long t, float lr, float gradScale, List<Tracked> params, List<PtNDArray> grads) {
        double muT = mu(beta1, t);
        double muNext = mu(beta1, t + 1);
        double product = muProduct * muT;
        double bc2 = 1 - StrictMath.pow(beta2, t);
        try (NDManager scope = newStepScope()) {
            NDArray scale = scope.create(gradScale);
            NDArray shrink = scope.create((float) (1 - lr * weightDecay));
            NDArray b1 = scope.create((float) beta1);
            NDArray oneMinusB1 = scope.create((float) (1 - beta1));
            NDArray b2 = scope.create((float) beta2);
            NDArray oneMinusB2 = scope.create((float) (1 - beta2));
            NDArray invBc2 = scope.create((float) (1 / bc2));
            NDArray epsT = scope.create((float) eps);
            NDArray gradCoef = scope.create((float) (lr * (1 - muT) / (1 - product)));
            NDArray momCoef = scope.create((float) (lr * muNext / (1 - product * muNext)));
            for (int i = 0; i < params.size(); i++) {
                NDArray g = grads.get(i);
                if (g == null) {
                    continue;
                }
                Tracked p = params.get(i);
                NDArray w = p.weight();
                NDArray m = p.state()[0];
                NDArray v = p.state()[1];
                if (gradScale != 1f) {
                    g.muli(scale);
                }
                if (p.decay() && weightDecay != 0) {
                    w.muli(shrink);
                }
                m.muli(b1);
                try (NDArray t1 = g.mul(oneMinusB1)) {
                    m.addi(t1);
                }
                v.muli(b2);
                try (NDArray t2 = g.mul(g)) {
                    v.addi(t2.muli(oneMinusB2));
                }
                try (NDArray vHat = v.mul(invBc2);
                        NDArray denom = vHat.sqrt()) {
                    denom.addi(epsT);
                    try (NDArray t3 = g.div(denom)) {
                        w.subi(t3.muli(gradCoef));
                    }
                    try (NDArray t4 = m.div(denom)) {
                        w.subi(t4.muli(momCoef));
                    }
                }
            }
        }
        muProduct = product;
    }
}
