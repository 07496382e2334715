package io.veernet.model.optim;

import io.veernet.model.tensor.NamedParameters;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.ndarray.types.DataType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OptimizerTest {

    private static final Shape MLP_INPUT = new Shape(2, 5);
    private static NDManager manager;

    @BeforeAll
    static void start() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void stop() {
        manager.close();
    }

    static List<OptimizerConfig> configs() {
        return List.of(
                // eps large enough that torch's and the fused kernel's eps placements would differ
                new OptimizerConfig("adamw", 0.9, 0.999, 1e-3, 0.1, 0.9, false, 0.3),
                new OptimizerConfig("adamw", 0.8, 0.99, 1e-8, 0.0, 0.9, false, 0),
                new OptimizerConfig("nadamw", 0.9, 0.999, 1e-3, 0.1, 0.9, false, 0.3),
                new OptimizerConfig("sgd", 0.9, 0.999, 1e-8, 0.05, 0.9, false, 0.3),
                new OptimizerConfig("sgd", 0.9, 0.999, 1e-8, 0.05, 0.8, true, 0),
                new OptimizerConfig("sgd", 0.9, 0.999, 1e-8, 0.0, 0.0, false, 0));
    }

    @ParameterizedTest
    @MethodSource("configs")
    void matchesPlainJavaReference(OptimizerConfig config) {
        try (NDManager m = manager.newSubManager()) {
            Block block = TestModels.mlp(m);
            Map<String, Parameter> params = NamedParameters.of(block);
            Map<String, Boolean> decays = new LinkedHashMap<>();
            params.forEach((n, p) -> decays.put(n, Optimizer.decays(n, p.getShape())));
            ReferenceOptimizer reference = new ReferenceOptimizer(config, TestModels.values(params), decays);
            float[] lrs = {0.05f, 0.04f, 0.03f, 0.02f, 0.01f};
            boolean clipped = false;
            try (Optimizer optimizer = Optimizer.create(config, params, m)) {
                for (int t = 0; t < lrs.length; t++) {
                    TestModels.backward(block, m, MLP_INPUT, t);
                    reference.step(lrs[t], TestModels.grads(params));
                    StepResult r = optimizer.step(lrs[t]);
                    assertTrue(r.applied());
                    assertEquals(t + 1, r.step());
                    assertEquals(reference.lastNorm, r.gradNorm(), 1e-5 * reference.lastNorm);
                    assertEquals(reference.lastScale, r.clipScale(), 1e-5);
                    clipped |= r.clipped();
                }
            }
            assertEquals(config.clipNorm() > 0, clipped, "the test problem should exercise clipping when it is on");
            double worst = 0;
            for (Map.Entry<String, Parameter> e : params.entrySet()) {
                float[] actual = e.getValue().getArray().toFloatArray();
                double[] expected = reference.weight(e.getKey());
                for (int i = 0; i < actual.length; i++) {
                    worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
                    assertEquals(expected[i], actual[i], 1e-6, config.name() + " " + e.getKey() + "[" + i + "]");
                }
            }
            System.out.println("REF " + config + " max |engine - reference| = " + worst);
        }
    }

    @Test
    void weightDecaySkipsBiasesAndNormWeights() {
        assertTrue(Optimizer.decays("01Conv2d_weight", new Shape(8, 4, 3, 3)));
        assertTrue(Optimizer.decays("03Linear_weight", new Shape(3, 4)));
        assertFalse(Optimizer.decays("01Conv2d_bias", new Shape(8)));
        assertFalse(Optimizer.decays("02GroupNorm_gamma", new Shape(8)));
        assertFalse(Optimizer.decays("02GroupNorm_gamma", new Shape(1, 8, 1, 1)));
        assertFalse(Optimizer.decays("attn.qkv_bias", new Shape(1, 24)));

        try (NDManager m = manager.newSubManager()) {
            SequentialBlock block = new SequentialBlock()
                    .add(Linear.builder().setUnits(4).build())
                    .add(BatchNorm.builder().build());
            block.initialize(m, DataType.FLOAT32, MLP_INPUT);
            Map<String, Parameter> params = NamedParameters.of(block);
            TestModels.set(params.get("02BatchNorm_gamma"), 1.5f, 0.5f, 2f, 1f);
            TestModels.set(params.get("02BatchNorm_beta"), 0.1f, -0.2f, 0.3f, 0.4f);
            TestModels.set(params.get("01Linear_bias"), 0.25f, -0.5f, 0.75f, 1f);
            Map<String, float[]> before = TestModels.values(params);
            float lr = 0.1f;
            float wd = 0.5f;
            OptimizerConfig config = new OptimizerConfig("adamw", 0.9, 0.999, 1e-8, wd, 0.9, false, 0);
            try (Optimizer optimizer = Optimizer.create(config, params, m)) {
                assertEquals(List.of("01Linear_weight", "01Linear_bias", "02BatchNorm_gamma", "02BatchNorm_beta"),
                        optimizer.trainableNames(), "BatchNorm running statistics are not optimised");
                // a zero loss: zero gradients, so AdamW's moment term is 0 and only decay can move a weight
                try (NDManager scope = m.newSubManager();
                        ai.djl.training.GradientCollector c = ai.djl.engine.Engine.getInstance().newGradientCollector()) {
                    NDArray out = block.forward(new ai.djl.training.ParameterStore(scope, false),
                            new ai.djl.ndarray.NDList(TestModels.input(scope, MLP_INPUT, 0)), true).head();
                    c.backward(out.sum().mul(0f));
                }
                assertTrue(optimizer.step(lr).applied());
            }
            Map<String, float[]> after = TestModels.values(params);
            float[] w0 = before.get("01Linear_weight");
            float[] w1 = after.get("01Linear_weight");
            for (int i = 0; i < w0.length; i++) {
                // the fused kernel computes w - (w lr) wd: equal to w (1 - lr wd) up to float rounding
                assertEquals(w0[i] * (1 - lr * wd), w1[i], 2 * Math.ulp(w0[i]), "linear weight decays by (1 - lr wd)");
            }
            for (String name : List.of("01Linear_bias", "02BatchNorm_gamma", "02BatchNorm_beta")) {
                assertArrayEquals(before.get(name), after.get(name), name + " must not decay");
            }
        }
    }

    @Test
    void clipsToTheGlobalNormExactly() {
        try (NDManager m = manager.newSubManager()) {
            Block block = TestModels.mlp(m);
            Map<String, Parameter> params = NamedParameters.of(block);
            double clip = 0.1;
            OptimizerConfig sgd = new OptimizerConfig("sgd", 0.9, 0.999, 1e-8, 0, 0, false, clip);
            try (Optimizer optimizer = Optimizer.create(sgd, params, m)) {
                TestModels.backward(block, m, MLP_INPUT, 0);
                Map<String, float[]> grads = TestModels.grads(params);
                double norm = 0;
                for (float[] g : grads.values()) {
                    for (float x : g) {
                        norm += x * x;
                    }
                }
                norm = Math.sqrt(norm);
                assertTrue(norm > 3 * clip, "test problem must need clipping, norm " + norm);
                Map<String, float[]> before = TestModels.values(params);
                StepResult r = optimizer.step(1f);
                assertEquals(norm, r.gradNorm(), 1e-6 * norm);
                assertEquals(clip / norm, r.clipScale(), 1e-6);
                // with lr 1 and plain SGD the update is the clipped gradient itself
                double updateNorm = 0;
                for (Map.Entry<String, float[]> e : grads.entrySet()) {
                    float[] w0 = before.get(e.getKey());
                    float[] w1 = params.get(e.getKey()).getArray().toFloatArray();
                    for (int i = 0; i < w0.length; i++) {
                        double step = w0[i] - w1[i];
                        assertEquals(e.getValue()[i] * clip / norm, step, 1e-6);
                        updateNorm += step * step;
                    }
                }
                assertEquals(clip, Math.sqrt(updateNorm), 1e-6);
            }
            OptimizerConfig loose = new OptimizerConfig("sgd", 0.9, 0.999, 1e-8, 0, 0, false, 1e6);
            try (Optimizer optimizer = Optimizer.create(loose, params, m)) {
                TestModels.backward(block, m, MLP_INPUT, 1);
                Map<String, float[]> grads = TestModels.grads(params);
                Map<String, float[]> before = TestModels.values(params);
                StepResult r = optimizer.step(1f);
                assertEquals(1.0, r.clipScale(), "below the threshold nothing is scaled");
                assertFalse(r.clipped());
                grads.forEach((name, g) -> {
                    float[] w0 = before.get(name);
                    float[] w1 = params.get(name).getArray().toFloatArray();
                    for (int i = 0; i < g.length; i++) {
                        assertEquals(g[i], w0[i] - w1[i], 1e-6);
                    }
                });
            }
        }
    }

    @ParameterizedTest
    @ValueSource(floats = {Float.NaN, Float.POSITIVE_INFINITY})
    void nonFiniteGradientIsReportedAndChangesNothing(float poison) {
        try (NDManager m = manager.newSubManager()) {
            Block block = TestModels.mlp(m);
            Map<String, Parameter> params = NamedParameters.of(block);
            try (Optimizer optimizer = Optimizer.create(OptimizerConfig.defaults(), params, m)) {
                TestModels.backward(block, m, MLP_INPUT, 0);
                assertTrue(optimizer.step(0.01f).applied());
                Map<String, float[]> before = TestModels.values(params);
                Map<String, Map<String, float[]>> stateBefore = stateValues(optimizer);
                try (NDManager scope = m.newSubManager()) {
                    NDArray x = TestModels.input(scope, MLP_INPUT, 1);
                    x.set(new ai.djl.ndarray.index.NDIndex(0, 0), poison);
                    TestModels.backward(block, scope, x, 1);
                }
                StepResult r = optimizer.step(0.01f);
                assertFalse(r.applied());
                assertFalse(Double.isFinite(r.gradNorm()));
                assertEquals(1, r.step());
                assertEquals(1, optimizer.stepCount());
                Map<String, float[]> after = TestModels.values(params);
                before.forEach((name, w) -> assertArrayEquals(w, after.get(name), name + " must be untouched"));
                Map<String, Map<String, float[]>> stateAfter = stateValues(optimizer);
                stateBefore.forEach((slot, arrays) -> arrays.forEach((name, a) ->
                        assertArrayEquals(a, stateAfter.get(slot).get(name), slot + "/" + name + " must be untouched")));
                // the poisoned gradients were zeroed, so training can go on
                TestModels.grads(params).values().forEach(g -> assertArrayEquals(new float[g.length], g));
                TestModels.backward(block, m, MLP_INPUT, 2);
                StepResult next = optimizer.step(0.01f);
                assertTrue(next.applied());
                assertEquals(2, next.step());
            }
        }
    }

    @Test
    void restoreChecksAlgorithmAndLayout() {
        try (NDManager m = manager.newSubManager()) {
            Map<String, Parameter> params = NamedParameters.of(TestModels.mlp(m));
            try (Optimizer adam = Optimizer.create(OptimizerConfig.defaults(), params, m);
                    Optimizer sgd = Optimizer.create(
                            new OptimizerConfig("sgd", 0.9, 0.999, 1e-8, 0, 0.9, false, 0), params, m)) {
                IllegalArgumentException wrongAlgorithm =
                        assertThrows(IllegalArgumentException.class, () -> sgd.restore(adam.state()));
                assertTrue(wrongAlgorithm.getMessage().contains("adamw"), wrongAlgorithm.getMessage());
                Map<String, Map<String, NDArray>> slots = new LinkedHashMap<>(adam.state().slots());
                Map<String, NDArray> missingOne = new LinkedHashMap<>(slots.get("exp_avg"));
                missingOne.remove("01Linear_bias");
                slots.put("exp_avg", missingOne);
                IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                        () -> adam.restore(new OptimizerState("adamw", 3, slots)));
                assertTrue(missing.getMessage().contains("missing 1 [01Linear_bias]"), missing.getMessage());
            }
        }
    }

    @Test
    void stepWithoutGradientsIsAClearError() {
        try (NDManager m = manager.newSubManager()) {
            Map<String, Parameter> params = NamedParameters.of(TestModels.mlp(m));
            try (Optimizer optimizer = Optimizer.create(OptimizerConfig.defaults(), params, m)) {
                IllegalStateException e = assertThrows(IllegalStateException.class, () -> optimizer.step(0.1f));
                assertTrue(e.getMessage().contains("backward"), e.getMessage());
                assertThrows(IllegalArgumentException.class, () -> optimizer.step(Float.NaN));
            }
        }
    }

    @Test
    void configValidationNamesTheKey() {
        OptimizerConfig d = OptimizerConfig.defaults();
        assertEquals("adamw", d.name());
        assertMessageStarts("weight_decay", () -> new OptimizerConfig("adamw", 0.9, 0.999, 1e-8, -1, 0.9, false, 1));
        assertMessageStarts("name", () -> new OptimizerConfig("adam", 0.9, 0.999, 1e-8, 0, 0.9, false, 1));
        assertMessageStarts("beta1", () -> new OptimizerConfig("adamw", 1.0, 0.999, 1e-8, 0, 0.9, false, 1));
        assertMessageStarts("beta2", () -> new OptimizerConfig("adamw", 0.9, Double.NaN, 1e-8, 0, 0.9, false, 1));
        assertMessageStarts("eps", () -> new OptimizerConfig("adamw", 0.9, 0.999, 0, 0, 0.9, false, 1));
        assertMessageStarts("momentum", () -> new OptimizerConfig("sgd", 0.9, 0.999, 1e-8, 0, -0.1, false, 1));
        assertMessageStarts("nesterov", () -> new OptimizerConfig("sgd", 0.9, 0.999, 1e-8, 0, 0, true, 1));
        assertMessageStarts("clip_norm", () -> new OptimizerConfig("sgd", 0.9, 0.999, 1e-8, 0, 0.9, false, -2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new OptimizerConfig("adamw", 0.9, 0.999, 1e-8, -1, 0.9, false, 1));
        assertEquals("weight_decay must be >= 0 and finite, got -1.0", e.getMessage());
    }

    private static void assertMessageStarts(String key, Runnable r) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
        assertTrue(e.getMessage().startsWith(key + " "), e.getMessage());
    }

    private static Map<String, Map<String, float[]>> stateValues(Optimizer optimizer) {
        Map<String, Map<String, float[]>> out = new LinkedHashMap<>();
        optimizer.state().slots().forEach((slot, arrays) -> {
            Map<String, float[]> values = new LinkedHashMap<>();
            arrays.forEach((name, a) -> values.put(name, a.toFloatArray()));
            out.put(slot, values);
        });
        return out;
    }
}
