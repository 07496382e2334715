package io.veernet.model.averaging;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import io.veernet.model.tensor.NamedParameters;
import io.veernet.model.optim.TestModels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AveragingTest {

    private static NDManager root;
    private NDManager manager;
    private Map<String, Parameter> params;

    @BeforeAll
    static void start() {
        root = NDManager.newBaseManager();
    }

    @AfterAll
    static void stop() {
        root.close();
    }

    /** Linear(3) on (1, 2) inputs then BatchNorm: weight (3, 2), bias (3), gamma, beta, running mean and var. */
    @BeforeEach
    void model() {
        manager = root.newSubManager();
        SequentialBlock block = new SequentialBlock()
                .add(Linear.builder().setUnits(3).build())
                .add(BatchNorm.builder().build());
        block.initialize(manager, DataType.FLOAT32, new Shape(2, 2));
        params = NamedParameters.of(block);
    }

    @AfterEach
    void free() {
        manager.close();
    }

    /** Sets every parameter to the constant {@code value}. */
    private void setAll(float value) {
        params.values().forEach(p -> {
            float[] v = new float[(int) p.getShape().size()];
            java.util.Arrays.fill(v, value);
            TestModels.set(p, v);
        });
    }

    private static void assertAllEqual(float expected, Map<String, NDArray> arrays, double tolerance) {
        arrays.forEach((name, a) -> {
            for (float x : a.toFloatArray()) {
                assertEquals(expected, x, tolerance, name);
            }
        });
    }

    @Test
    void flatEmaIsBitForBitThePerParameterFormula() {
        // The averages are blended as one flat buffer; elementwise that must be exactly the old
        // per-parameter e += c (w - e) in float32, else resumed and straight runs could part.
        java.util.Random random = new java.util.Random(3);
        try (Ema ema = new Ema(0.9, params, manager)) {
            Map<String, float[]> expected = TestModels.values(params);
            for (int step = 0; step < 6; step++) {
                for (Parameter p : params.values()) {
                    float[] v = new float[(int) p.getShape().size()];
                    for (int i = 0; i < v.length; i++) {
                        v[i] = (float) (random.nextGaussian() * 3);
                    }
                    TestModels.set(p, v);
                }
                float c = (float) (1 - Ema.warmupDecay(0.9, step));
                Map<String, float[]> live = TestModels.values(params);
                for (Map.Entry<String, float[]> e : expected.entrySet()) {
                    float[] avg = e.getValue();
                    float[] w = live.get(e.getKey());
                    boolean trainable = params.get(e.getKey()).requiresGradient();
                    for (int i = 0; i < avg.length; i++) {
                        avg[i] = trainable ? avg[i] + (w[i] - avg[i]) * c : w[i];
                    }
                }
                ema.update();
            }
            ema.weights().forEach((name, a) -> assertArrayEquals(expected.get(name), a.toFloatArray(), name));
        }
    }

    @Test
    void emaWithDecayZeroIsTheRawWeights() {
        try (Ema ema = new Ema(0.0, params, manager)) {
            for (int step = 0; step < 3; step++) {
                TestModels.set(params.get("01Linear_weight"), 1f + step, -2f, 3.5f, 1e-3f, -7f, step);
                ema.update();
                Map<String, float[]> raw = TestModels.values(params);
                ema.weights().forEach((name, e) -> assertArrayEquals(raw.get(name), e.toFloatArray(), 1e-6f, name));
            }
        }
    }

    @Test
    void emaWarmUpIsTheMeanOfTheStepsUntilTheHorizon() {
        assertEquals(0.0, Ema.warmupDecay(0.999, 0), 1e-15);
        assertEquals(0.5, Ema.warmupDecay(0.999, 1), 1e-15);
        assertEquals(5.0 / 6, Ema.warmupDecay(0.999, 5), 1e-15);
        assertEquals(0.5, Ema.warmupDecay(0.5, 100), 1e-15);
        assertEquals(0.999, Ema.warmupDecay(0.999, 1_000_000), 1e-15);
        setAll(0f);
        try (Ema ema = new Ema(0.999, params, manager)) {
            setAll(1f);
            ema.update(); // d_0 = 0: e = w_1 = 1
            assertAllTrainable(1f, ema.weights());
            setAll(4f);
            ema.update(); // d_1 = 1/2: e = (1 + 4) / 2
            assertAllTrainable(2.5f, ema.weights());
            setAll(7f);
            ema.update(); // d_2 = 2/3: e = (1 + 4 + 7) / 3
            assertAllTrainable(4f, ema.weights());
            assertEquals(3, ema.updates());
            // BatchNorm running statistics are copied as they are, not averaged
            assertAllEqual(7f, Map.of("mean", ema.weights().get("02BatchNorm_runningMean")), 0);
        }
    }

    @Test
    void twoEmaHorizonsFourTimesApartAreDifferentModelsAfterTheWarmUp() {
        // The cpu-quick shape: 180 steps per epoch, half-lives of 1 and 4 epochs, a drifting weight.
        int stepsPerEpoch = 180;
        try (Ema fast = new Ema(EmaHorizon.halfLifeEpochs(1), stepsPerEpoch, params, manager);
                Ema slow = new Ema(EmaHorizon.halfLifeEpochs(4), stepsPerEpoch, params, manager)) {
            assertEquals("ema-1ep", fast.name());
            assertEquals("ema-4ep", slow.name());
            assertEquals(Math.pow(0.5, 1.0 / 180), fast.decay(), 1e-15);
            assertEquals(Math.pow(0.5, 1.0 / 720), slow.decay(), 1e-15);
            for (int step = 1; step <= 10 * stepsPerEpoch; step++) {
                setAll(step / 100f);
                fast.update();
                slow.update();
                if (step == 3 * stepsPerEpoch) {
                    float w = slow.weights().get("01Linear_bias").toFloatArray()[0];
                    assertEquals((1 + 540) / 2f / 100f, w, 1e-4f, "within its horizon an EMA is the plain mean");
                }
            }
            float f = fast.weights().get("01Linear_bias").toFloatArray()[0];
            float w = slow.weights().get("01Linear_bias").toFloatArray()[0];
            // An EMA lags a ramp by about d / (1 - d) steps: 259 for the fast one, about 1,000 for the slow one.
            assertEquals(18 - 2.59f, f, 0.05f);
            assertTrue(f - w > 5, "two horizons 4x apart must be different models: " + f + " vs " + w);
        }
    }

    @Test
    void anEmaHorizonIsGivenExactlyOneWay() {
        assertEquals("ema-0.999", EmaHorizon.ofDecay(0.999).label());
        assertEquals("ema-500st", EmaHorizon.halfLifeSteps(500).label());
        assertEquals(0.5, EmaHorizon.halfLifeSteps(1).decayPerStep(10), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> new EmaHorizon(0.9, 0, 2));
        assertThrows(IllegalArgumentException.class, () -> new EmaHorizon(0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new EmaHorizon(0, -3, 0));
    }

    @Test
    void cadencesSayWhenToUpdate() {
        Cadence steps = Cadence.everySteps(3, 2);
        assertTrue(!steps.due(TrainingMoment.afterStep(3, 1)), "before its first epoch");
        assertTrue(steps.due(TrainingMoment.afterStep(6, 2)));
        assertTrue(!steps.due(TrainingMoment.afterStep(7, 2)));
        assertTrue(!steps.due(TrainingMoment.epochEnd(6, 2)), "a step cadence ignores epoch ends");
        Cadence epochs = Cadence.epochEnds(1);
        assertTrue(!epochs.due(TrainingMoment.epochEnd(10, 0)));
        assertTrue(epochs.due(TrainingMoment.epochEnd(20, 1)));
        assertTrue(!epochs.due(TrainingMoment.afterStep(20, 1)));
    }

    private void assertAllTrainable(float expected, Map<String, NDArray> weights) {
        params.forEach((name, p) -> {
            if (p.requiresGradient()) {
                assertAllEqual(expected, Map.of(name, weights.get(name)), 1e-6);
            }
        });
    }

    @Test
    void emaBeforeItsFirstUpdateIsAnError() {
        try (Ema ema = new Ema(0.99, params, manager)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, ema::weights);
            assertTrue(e.getMessage().contains("ema-0.99"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> new Ema(1.0, params, manager));
        }
    }

    @Test
    void swaOfIdenticalWeightsIsThoseWeights() {
        setAll(0.3f);
        TestModels.set(params.get("01Linear_weight"), 0.1f, -0.2f, 1e-7f, 3e4f, -5f, 0.7f);
        Map<String, float[]> raw = TestModels.values(params);
        try (SwaBuffer swa = new SwaBuffer(params, manager)) {
            assertThrows(IllegalStateException.class, swa::weights);
            for (int n = 0; n < 5; n++) {
                swa.update();
            }
            assertEquals(5, swa.count());
            swa.weights().forEach((name, a) -> assertArrayEquals(raw.get(name), a.toFloatArray(), name));
        }
    }

    @Test
    void swaIsTheMeanOfItsSamples() {
        try (SwaBuffer swa = new SwaBuffer(params, manager)) {
            for (float v : new float[] {1f, 2f, 6f, 7f}) {
                setAll(v);
                swa.update();
            }
            assertAllTrainable(4f, swa.weights());
        }
    }

    @Test
    void uniformAverageOfMaps() {
        setAll(0.7f);
        TestModels.set(params.get("01Linear_weight"), 0.1f, -0.2f, 1e-7f, 3e4f, -5f, 1f / 3);
        Map<String, NDArray> snap = WeightMaps.snapshot(params, manager);
        Map<String, NDArray> same = WeightMaps.average(List.of(snap, snap, snap), manager);
        snap.forEach((name, a) -> assertArrayEquals(a.toFloatArray(), same.get(name).toFloatArray(), name));

        setAll(1f);
        Map<String, NDArray> ones = WeightMaps.snapshot(params, manager);
        setAll(2f);
        Map<String, NDArray> twos = WeightMaps.snapshot(params, manager);
        setAll(6f);
        Map<String, NDArray> sixes = WeightMaps.snapshot(params, manager);
        assertAllEqual(3f, WeightMaps.average(List.of(ones, twos, sixes), manager), 1e-6);

        Map<String, NDArray> partial = new LinkedHashMap<>(ones);
        partial.remove("01Linear_bias");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WeightMaps.average(List.of(ones, partial), manager));
        assertTrue(e.getMessage().contains("missing 1 [01Linear_bias]"), e.getMessage());
    }

    @Test
    void snapshotsAreDetachedCopies() {
        setAll(1f);
        Map<String, NDArray> snap = WeightMaps.snapshot(params, manager);
        setAll(5f);
        assertAllEqual(1f, snap, 0);
        snap.forEach((name, a) -> {
            assertEquals(DataType.FLOAT32, a.getDataType());
            assertTrue(!a.hasGradient(), name + " must not record gradients");
            assertNotSame(params.get(name).getArray(), a);
        });
    }

    @Test
    void loadingWeightsKeepsTheBlockArrays() {
        setAll(2f);
        Map<String, NDArray> snap = WeightMaps.snapshot(params, manager);
        Map<String, NDArray> before = WeightMaps.live(params);
        setAll(9f);
        WeightMaps.load(snap, params);
        params.forEach((name, p) -> {
            assertSame(before.get(name), p.getArray(), "the block keeps its own array");
            assertAllEqual(2f, Map.of(name, p.getArray()), 0);
        });
        assertTrue(params.get("01Linear_weight").getArray().hasGradient(), "still trainable after the load");

        Map<String, NDArray> wrong = new LinkedHashMap<>(snap);
        wrong.put("01Linear_weight", manager.zeros(new Shape(2, 3)));
        wrong.put("extra", manager.zeros(new Shape(1)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WeightMaps.load(wrong, params));
        assertTrue(e.getMessage().contains("unexpected 1 [extra]"), e.getMessage());
        assertTrue(e.getMessage().contains("01Linear_weight: expected (3, 2), got (2, 3)"), e.getMessage());

        Map<String, NDArray> doubles = new LinkedHashMap<>(snap);
        doubles.put("01Linear_weight", snap.get("01Linear_weight").toType(DataType.FLOAT64, true));
        e = assertThrows(IllegalArgumentException.class, () -> WeightMaps.load(doubles, params));
        assertTrue(e.getMessage().contains("dtype mismatch 1 [01Linear_weight: expected float32, got float64]"),
                e.getMessage());
        params.forEach((name, p) -> assertAllEqual(2f, Map.of(name, p.getArray()), 0));
    }
}
