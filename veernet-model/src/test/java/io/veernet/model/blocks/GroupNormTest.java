package io.veernet.model.blocks;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

import java.nio.FloatBuffer;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GroupNormTest {

    @Test
    void groupCountIsTheLargestDivisorUpTo16LeavingTwoChannelsPerGroup() {
        assertEquals(8, GroupNorm.defaultGroups(16));
        assertEquals(16, GroupNorm.defaultGroups(32));
        assertEquals(16, GroupNorm.defaultGroups(256));
        assertEquals(12, GroupNorm.defaultGroups(24));
        assertEquals(6, GroupNorm.defaultGroups(12));
        assertEquals(10, GroupNorm.defaultGroups(40));
        assertEquals(1, GroupNorm.defaultGroups(3));
        assertEquals(1, GroupNorm.defaultGroups(1));
    }

    @Test
    void matchesAPlainJavaReference() {
        int n = 2;
        int c = 12;
        int h = 5;
        int w = 7;
        int groups = GroupNorm.defaultGroups(c);
        Random random = new Random(7);
        float[] x = new float[n * c * h * w];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (random.nextGaussian() * 3 + 1.5);
        }
        float[] gamma = new float[c];
        float[] beta = new float[c];
        for (int i = 0; i < c; i++) {
            gamma[i] = (float) (0.5 + random.nextDouble());
            beta[i] = (float) random.nextGaussian();
        }

        float[] actual;
        try (NDManager manager = NDManager.newBaseManager()) {
            GroupNorm norm = new GroupNorm(c);
            norm.initialize(manager, DataType.FLOAT32, new Shape(n, c, h, w));
            norm.getParameters().get("gamma").getArray().set(FloatBuffer.wrap(gamma));
            norm.getParameters().get("beta").getArray().set(FloatBuffer.wrap(beta));
            NDArray input = manager.create(x, new Shape(n, c, h, w));
            NDArray y = norm.forward(new ParameterStore(manager, false), new NDList(input), false).singletonOrThrow();
            assertEquals(input.getShape(), y.getShape());
            actual = y.toFloatArray();
        }

        float[] expected = reference(x, gamma, beta, n, c, h * w, groups, 1e-5);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-5, "element " + i);
        }
    }

    private static float[] reference(float[] x, float[] gamma, float[] beta, int n, int c, int positions, int groups, double eps) {
        float[] y = new float[x.length];
        int perGroup = c / groups;
        for (int s = 0; s < n; s++) {
            for (int g = 0; g < groups; g++) {
                int from = (s * c + g * perGroup) * positions;
                int count = perGroup * positions;
                double sum = 0;
                for (int i = 0; i < count; i++) {
                    sum += x[from + i];
                }
                double mean = sum / count;
                double squares = 0;
                for (int i = 0; i < count; i++) {
                    squares += (x[from + i] - mean) * (x[from + i] - mean);
                }
                double inv = 1 / Math.sqrt(squares / count + eps);
                for (int i = 0; i < count; i++) {
                    int channel = g * perGroup + i / positions;
                    y[from + i] = (float) ((x[from + i] - mean) * inv * gamma[channel] + beta[channel]);
                }
            }
        }
        return y;
    }

    /** A GroupNorm for inputs of {@code shape} whose scale and shift are random (not 1 and 0), seeded. */
    private static GroupNorm randomAffine(NDManager manager, Shape shape, int seed) {
        int c = (int) shape.get(1);
        Engine.getInstance().setRandomSeed(seed);
        GroupNorm norm = new GroupNorm(c);
        norm.initialize(manager, DataType.FLOAT32, shape);
        norm.getParameters().get("gamma").getArray().set(manager.randomUniform(0.5f, 1.5f, new Shape(c)).toFloatArray());
        norm.getParameters().get("beta").getArray().set(manager.randomNormal(new Shape(c)).toFloatArray());
        return norm;
    }

    @Test
    void gradientsMatchTheTextbookComposition() {
        // Training runs libtorch's fused group norm, inference a layer norm with the affine map in
        // place; this checks the training path gives the gradients of the plain formula.
        int n = 1;
        int c = 8;
        Shape shape = new Shape(n, c, 4, 6);
        try (NDManager manager = NDManager.newBaseManager()) {
            GroupNorm norm = randomAffine(manager, shape, 11);
            NDArray gamma = norm.getParameters().get("gamma").getArray();
            NDArray beta = norm.getParameters().get("beta").getArray();
            NDArray x = manager.randomNormal(0f, 2f, shape, DataType.FLOAT32);
            NDArray upstream = manager.randomNormal(shape);

            NDArray[] block = gradients(x, gamma, beta, upstream,
                    (in, g, b) -> norm.forward(new ParameterStore(manager, false), new NDList(in), true).singletonOrThrow());
            NDArray[] textbook = gradients(x, gamma.duplicate(), beta.duplicate(), upstream, (in, g, b) -> {
                int groups = norm.groups();
                NDArray grouped = in.reshape(n, groups, -1);
                NDArray mean = grouped.mean(new int[] {2}, true);
                NDArray centred = grouped.sub(mean);
                NDArray variance = centred.square().mean(new int[] {2}, true);
                NDArray normalised = centred.div(variance.add(1e-5f).sqrt()).reshape(shape);
                return normalised.mul(g.reshape(1, c, 1, 1)).add(b.reshape(1, c, 1, 1));
            });
            for (int i = 0; i < block.length; i++) {
                assertTrue(block[i].allClose(textbook[i], 1e-4, 1e-5, false), "gradient " + i);
            }
        }
    }

    @Test
    void valuesAndGradientsEqualThePreviousLayerNormComposition() {
        // The block before the fused rewrite: layer norm over (N, G, C/G, *) with element-wise
        // ones and zeros, then an in-place per-channel scale and shift. The rewrite must not move
        // values or gradients (beyond float rounding) at any batch size, group count or odd size.
        Shape[] shapes = {new Shape(2, 16, 9, 13), new Shape(1, 32, 4, 50), new Shape(3, 12, 1, 7), new Shape(1, 3, 5, 5)};
        for (Shape shape : shapes) {
            int c = (int) shape.get(1);
            try (NDManager manager = NDManager.newBaseManager()) {
                GroupNorm norm = randomAffine(manager, shape, 5);
                NDArray gamma = norm.getParameters().get("gamma").getArray();
                NDArray beta = norm.getParameters().get("beta").getArray();
                NDArray x = manager.randomNormal(0.7f, 3f, shape, DataType.FLOAT32);
                NDArray upstream = manager.randomNormal(shape);
                NDArray[] outputs = new NDArray[2];
                NDArray[] block = gradients(x, gamma, beta, upstream, (in, g, b) -> outputs[0] =
                        norm.forward(new ParameterStore(manager, false), new NDList(in), true).singletonOrThrow());
                NDArray[] previous = gradients(x, gamma.duplicate(), beta.duplicate(), upstream,
                        (in, g, b) -> outputs[1] = previousComposition(in, g, b, norm.groups()));
                assertClose(outputs[1], outputs[0], "values at " + shape);
                for (int i = 0; i < block.length; i++) {
                    assertClose(previous[i], block[i], "gradient " + i + " at " + shape);
                }
                NDArray inference = norm.forward(new ParameterStore(manager, false), new NDList(x), false).singletonOrThrow();
                assertClose(outputs[1], inference, "inference values at " + shape);
            }
        }
    }

    @Test
    void aTrainingStepLeavesNothingInTheParametersManager() {
        // The training forward derives small per-call arrays from gamma and beta; any left in the
        // parameters' long-lived manager would keep that step's graph (and its full-size saved
        // input) alive for the whole run: a leak of one activation per layer per step.
        Shape shape = new Shape(1, 16, 6, 10);
        try (NDManager manager = NDManager.newBaseManager()) {
            GroupNorm norm = randomAffine(manager, shape, 3);
            int before = manager.getManagedArrays().size();
            for (int step = 0; step < 3; step++) {
                try (NDManager stepManager = manager.newSubManager();
                        GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    NDArray x = stepManager.randomNormal(shape);
                    x.setRequiresGradient(true);
                    NDArray y = norm.forward(new ParameterStore(stepManager, false), new NDList(x), true)
                            .singletonOrThrow();
                    collector.backward(y.square().sum());
                    try (NDArray gradient = norm.getParameters().get("gamma").getArray().getGradient();
                            NDArray size = gradient.abs();
                            NDArray total = size.sum()) {
                        assertTrue(total.getFloat() > 0, "gamma gets a gradient");
                    }
                }
                assertEquals(before, manager.getManagedArrays().size(), "arrays left after step " + step);
            }
        }
    }

    private static NDArray previousComposition(NDArray x, NDArray gamma, NDArray beta, int groups) {
        Shape shape = x.getShape();
        long c = shape.get(1);
        Shape grouped = new Shape(shape.get(0), groups, c / groups, shape.get(2), shape.get(3));
        Shape perGroup = grouped.slice(2);
        NDManager manager = x.getManager();
        NDArray normalised = LayerNorm.layerNorm(x.reshape(grouped), perGroup, manager.ones(perGroup),
                manager.zeros(perGroup), 1e-5f).singletonOrThrow();
        normalised.muli(gamma.reshape(1, groups, c / groups, 1, 1)).addi(beta.reshape(1, groups, c / groups, 1, 1));
        return normalised.reshape(shape);
    }

    private static void assertClose(NDArray expected, NDArray actual, String what) {
        float[] e = expected.toFloatArray();
        float[] a = actual.toFloatArray();
        assertEquals(e.length, a.length, what);
        double worst = 0;
        for (int i = 0; i < e.length; i++) {
            worst = Math.max(worst, Math.abs(e[i] - a[i]));
        }
        assertTrue(worst < 1e-5, what + ": largest difference " + worst);
    }

    private interface Norm {
        NDArray apply(NDArray x, NDArray gamma, NDArray beta);
    }

    /** Gradients of sum(f(x) * upstream) with respect to x, gamma and beta (all fresh leaves). */
    private static NDArray[] gradients(NDArray x, NDArray gamma, NDArray beta, NDArray upstream, Norm f) {
        NDArray input = x.duplicate();
        for (NDArray leaf : new NDArray[] {input, gamma, beta}) {
            leaf.setRequiresGradient(true);
        }
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            collector.backward(f.apply(input, gamma, beta).mul(upstream).sum());
        }
        return new NDArray[] {input.getGradient(), gamma.getGradient(), beta.getGradient()};
    }
}
