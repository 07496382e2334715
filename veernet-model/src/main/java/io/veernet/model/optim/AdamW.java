package io.veernet.model.optim;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

import java.util.List;
import java.util.Map;

/**
 * AdamW exactly as torch.optim.AdamW (amsgrad off), on the engine's fused native update.
 *
 * <p>The fused kernel ({@code JniUtils.adamUpdate}) does, per parameter and in one native call:
 * {@code w -= lr*wd*w; m = b1*m + (1-b1)g; v = b2*v + (1-b2)g^2; w -= a * m / (sqrt(v) + e)}.
 * Its weight decay is decoupled and applied before the moment update, as torch does. Its bias
 * correction is the Adam paper's "efficient" form, which moves eps; passing
 * {@code a = lr * sqrt(bc2) / bc1} and {@code e = eps * sqrt(bc2)} makes it algebraically
 * torch's {@code lr/bc1 * m / (sqrt(v)/sqrt(bc2) + eps)}. Its {@code rescale_grad} multiplies the
 * gradient (a copy) before anything else, which is where global-norm clipping goes; its elementwise
 * clamp is disabled with -1.
 */
final class AdamW extends Optimizer {

    private final double beta1;
    private final double beta2;
    private final double eps;
    private final float weightDecay;

    AdamW(OptimizerConfig config, Map<String, Parameter> parameters, NDManager manager) {
        super(config, parameters, manager, List.of("exp_avg", "exp_avg_sq"));
        beta1 = config.beta1();
        beta2 = config.beta2();
        eps = config.eps();
        weightDecay = (float) config.weightDecay();
    }

    @Override
    protected void update(long t, float lr, float gradScale, List<Tracked> params, List<PtNDArray> grads) {
        // The kernel takes float betas and forms 1 - beta in float (for 0.999f that is 1.3e-5 off
        // 0.001); bias corrections from the same float betas keep m/bc1 and v/bc2 exact averages.
        float b1 = (float) beta1;
        float b2 = (float) beta2;
        double bc1 = 1 - StrictMath.pow(b1, t);
        double sqrtBc2 = Math.sqrt(1 - StrictMath.pow(b2, t));
        float stepSize = (float) (lr * sqrtBc2 / bc1);
        float epsHat = (float) (eps * sqrtBc2);
        for (int i = 0; i < params.size(); i++) {
            PtNDArray grad = grads.get(i);
            if (grad == null) {
                continue;
            }
            Tracked p = params.get(i);
            JniUtils.adamUpdate(
                    p.weight(),
                    grad,
                    (PtNDArray) p.state()[0],
                    (PtNDArray) p.state()[1],
                    lr,
                    stepSize,
                    p.decay() ? weightDecay : 0f,
                    gradScale,
                    -1f,
                    b1,
                    b2,
                    epsHat,
                    // Without decay the kernel's decoupled form still computes w * lr * 0 and
                    // subtracts it (three full passes); its coupled form adds 0 * w to the
                    // gradient copy instead (one). Both leave finite values exactly as they are.
                    p.decay());
        }
    }
}
