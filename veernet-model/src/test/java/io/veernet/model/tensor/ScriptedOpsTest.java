package io.veernet.model.tensor;

import ai.djl.engine.Engine;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The operations reached through TorchScript: recorded for autograd, equal to their formulas, errors surfaced. */
class ScriptedOpsTest {

    @Test
    void gradientsReachInputWeightAndBiasAndMatchTheFormula() {
        Shape shape = new Shape(2, 6, 3, 5);
        try (NDManager manager = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(4);
            NDArray[] leaves = {manager.randomNormal(1f, 2f, shape, ai.djl.ndarray.types.DataType.FLOAT32),
                manager.randomUniform(0.5f, 1.5f, new Shape(6)), manager.randomNormal(new Shape(6))};
            NDArray upstream = manager.randomNormal(shape);
            float[][] fused = gradients(leaves, upstream, (x, w, b) -> ScriptedOps.groupNorm(x, 3, w, b, 1e-5));
            float[][] formula = gradients(leaves, upstream, (x, w, b) -> {
                NDArray g = x.reshape(2, 3, -1);
                NDArray centred = g.sub(g.mean(new int[] {2}, true));
                NDArray normalised = centred.div(centred.square().mean(new int[] {2}, true).add(1e-5f).sqrt()).reshape(shape);
                return normalised.mul(w.reshape(1, 6, 1, 1)).add(b.reshape(1, 6, 1, 1));
            });
            for (int i = 0; i < 4; i++) {
                assertEquals(formula[i], fused[i], i == 0 ? "values" : "gradient " + (i - 1));
            }
            assertTrue(maxAbs(fused[2]) > 0 && maxAbs(fused[3]) > 0, "weight and bias get gradients");
        }
    }

    @Test
    void aGroupCountThatDoesNotDivideTheChannelsIsTheEnginesError() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.randomNormal(new Shape(1, 6, 2, 2));
            EngineException e = assertThrows(EngineException.class,
                    () -> ScriptedOps.groupNorm(x, 4, manager.ones(new Shape(6)), manager.zeros(new Shape(6)), 1e-5));
            assertTrue(e.getMessage().contains("divisible"), e.getMessage());
        }
    }

    /**
     * The plain bilinear kernel gives the anti-aliased one's values when enlarging (to odd sizes
     * too) and the same input gradients.
     */
    @Test
    void plainBilinearUpsamplingEqualsDjlsInterpolation() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(6);
            for (long[] size : new long[][] {{8, 10}, {9, 11}, {16, 21}}) {
                NDArray[] leaves = {manager.randomNormal(new Shape(2, 3, 4, 5)), manager.zeros(new Shape(1)),
                    manager.zeros(new Shape(1))};
                NDArray upstream = manager.randomNormal(new Shape(2, 3, size[0], size[1]));
                float[][] plain = gradients(leaves, upstream, (x, w, b) -> ScriptedOps.upsampleBilinear(x, size[0], size[1])
                        .add(w.sum()).add(b.sum()));
                float[][] djl = gradients(leaves, upstream, (x, w, b) -> x.getNDArrayInternal()
                        .interpolation(size, 1, false).add(w.sum()).add(b.sum()));
                for (int i = 0; i < 2; i++) {
                    for (int k = 0; k < plain[i].length; k++) {
                        // Values within 1e-6; gradients sum about 20 rounded terms each, so within 1e-5 of their size.
                        double tolerance = i == 0 ? 1e-6 : 1e-5 * Math.max(1, Math.abs(djl[i][k]));
                        assertTrue(Math.abs(plain[i][k] - djl[i][k]) < tolerance, (i == 0 ? "value " : "gradient ") + k
                                + " at " + size[0] + " x " + size[1] + ": " + plain[i][k] + " vs " + djl[i][k]);
                    }
                }
            }
        }
    }

    private interface Norm {
        NDArray apply(NDArray x, NDArray w, NDArray b);
    }

    /** The output and the gradients of sum(f * upstream) for fresh copies of the three leaves. */
    private static float[][] gradients(NDArray[] leaves, NDArray upstream, Norm f) {
        NDArray[] fresh = new NDArray[3];
        for (int i = 0; i < 3; i++) {
            fresh[i] = leaves[i].duplicate();
            fresh[i].setRequiresGradient(true);
        }
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray y = f.apply(fresh[0], fresh[1], fresh[2]);
            collector.backward(y.mul(upstream).sum());
            return new float[][] {y.toFloatArray(), fresh[0].getGradient().toFloatArray(),
                fresh[1].getGradient().toFloatArray(), fresh[2].getGradient().toFloatArray()};
        }
    }

    private static void assertEquals(float[] expected, float[] actual, String what) {
        assertTrue(expected.length == actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            float tolerance = 1e-5f * Math.max(1, Math.abs(expected[i]));
            assertTrue(Math.abs(expected[i] - actual[i]) <= tolerance, what + " element " + i + ": " + expected[i] + " vs " + actual[i]);
        }
    }

    private static float maxAbs(float[] a) {
        float m = 0;
        for (float v : a) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }
}
