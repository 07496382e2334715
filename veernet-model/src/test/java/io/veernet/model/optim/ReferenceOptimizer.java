package io.veernet.model.optim;

import java.util.HashMap;
import java.util.Map;

/** Plain-Java, double-precision AdamW / NAdamW / SGD with torch.optim's update rules, for comparison. */
final class ReferenceOptimizer {

    private final OptimizerConfig c;
    private final Map<String, double[]> weights = new HashMap<>();
    private final Map<String, double[]> m = new HashMap<>();
    private final Map<String, double[]> v = new HashMap<>();
    private final Map<String, Boolean> decay = new HashMap<>();
    private long t;
    private double muProduct = 1;
    double lastNorm;
    double lastScale;

    ReferenceOptimizer(OptimizerConfig config, Map<String, float[]> initial, Map<String, Boolean> decays) {
        c = config;
        initial.forEach((name, w) -> {
            double[] d = new double[w.length];
            for (int i = 0; i < w.length; i++) {
                d[i] = w[i];
            }
            weights.put(name, d);
            m.put(name, new double[w.length]);
            v.put(name, new double[w.length]);
            decay.put(name, decays.get(name));
        });
    }

    double[] weight(String name) {
        return weights.get(name);
    }

    void step(double lr, Map<String, float[]> grads) {
        double sq = 0;
        for (float[] g : grads.values()) {
            for (float x : g) {
                sq += (double) x * x;
            }
        }
        lastNorm = Math.sqrt(sq);
        lastScale = c.clipNorm() > 0 && lastNorm > c.clipNorm() ? c.clipNorm() / lastNorm : 1;
        t++;
        double b1 = c.beta1();
        double b2 = c.beta2();
        double mu = b1 * (1 - 0.5 * Math.pow(0.96, t * 0.004));
        double muNext = b1 * (1 - 0.5 * Math.pow(0.96, (t + 1) * 0.004));
        muProduct *= mu;
        for (Map.Entry<String, float[]> e : grads.entrySet()) {
            double[] w = weights.get(e.getKey());
            double[] mm = m.get(e.getKey());
            double[] vv = v.get(e.getKey());
            boolean dec = decay.get(e.getKey());
            for (int i = 0; i < w.length; i++) {
                double g = e.getValue()[i] * lastScale;
                switch (c.name()) {
                    case "adamw" -> {
                        if (dec) {
                            w[i] *= 1 - lr * c.weightDecay();
                        }
                        mm[i] = b1 * mm[i] + (1 - b1) * g;
                        vv[i] = b2 * vv[i] + (1 - b2) * g * g;
                        double bc1 = 1 - Math.pow(b1, t);
                        double bc2 = 1 - Math.pow(b2, t);
                        w[i] -= lr / bc1 * mm[i] / (Math.sqrt(vv[i]) / Math.sqrt(bc2) + c.eps());
                    }
                    case "nadamw" -> {
                        if (dec) {
                            w[i] *= 1 - lr * c.weightDecay();
                        }
                        mm[i] = b1 * mm[i] + (1 - b1) * g;
                        vv[i] = b2 * vv[i] + (1 - b2) * g * g;
                        double denom = Math.sqrt(vv[i] / (1 - Math.pow(b2, t))) + c.eps();
                        w[i] -= lr * (1 - mu) / (1 - muProduct) * g / denom;
                        w[i] -= lr * muNext / (1 - muProduct * muNext) * mm[i] / denom;
                    }
                    case "sgd" -> {
                        if (dec) {
                            g += c.weightDecay() * w[i];
                        }
                        double d = g;
                        if (c.momentum() > 0) {
                            mm[i] = t == 1 ? g : c.momentum() * mm[i] + g;
                            d = c.nesterov() ? g + c.momentum() * mm[i] : mm[i];
                        }
                        w[i] -= lr * d;
                    }
                    default -> throw new IllegalStateException(c.name());
                }
            }
        }
    }
}
